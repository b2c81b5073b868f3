import { createContext, useContext } from "react";

// The server renders with this response's CSP nonce. In the browser it stays empty, which is fine:
// browsers hide nonces from the DOM, and after hydration route modules arrive by import() from 'self'.
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

/** The CSP nonce for inline scripts rendered on the server (`<Scripts nonce>`). */
export function useNonce(): string {
  return useContext(NonceContext);
}
