/** A notice after a redirect (?notice=…), green for success and amber for "nothing changed". */
export function Notice({ text, tone = "success" }: { text: string | null; tone?: "success" | "warning" | "error" }) {
  if (!text) return null;
  return (
    <p className={`alert alert--${tone}`} role="status">
      {text}
    </p>
  );
}
