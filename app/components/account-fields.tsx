import { useTranslation } from "react-i18next";

import { LOCALES } from "~/domain/locale";

import { SimpleField } from "./simple-field";

/** The email field of the account forms (sign-up, reset, invitation). */
export function EmailField({
  defaultValue,
  error,
  autoComplete,
}: {
  defaultValue?: string;
  error?: string;
  autoComplete?: string;
}) {
  const { t } = useTranslation();
  return (
    <SimpleField
      name="email"
      label={t("login.email")}
      type="email"
      autoComplete={autoComplete}
      defaultValue={defaultValue}
      error={error}
    />
  );
}

/** A password being chosen, with the policy as its hint (sign-up, change, reset, invitation). */
export function NewPasswordField({ label, error }: { label?: string; error?: string }) {
  const { t } = useTranslation();
  return (
    <SimpleField
      name="password"
      label={label ?? t("account.newPassword")}
      type="password"
      autoComplete="new-password"
      hint={t("account.passwordHint")}
      error={error}
    />
  );
}

/** The options of a language choice, each language named in itself. */
export function LocaleOptions() {
  const { t } = useTranslation();
  return LOCALES.map((l) => (
    <option key={l} value={l} lang={l}>
      {t(`locale.${l}`)}
    </option>
  ));
}
