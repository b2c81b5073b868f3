import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/locale";

import { ConsentText } from "./consent-text";
import { FieldError } from "./field";

interface CheckboxProps {
  name: string;
  label: string;
  /** The error's message key, if the box had to be ticked and was not. */
  error?: string | null;
  required?: boolean;
}

/** A consent tick box, with its error under it. */
export function ConsentCheckbox({ name, label, error, required }: CheckboxProps) {
  const errorId = `${name}-error`;
  return (
    <>
      <label className="checkbox">
        <input
          type="checkbox"
          name={name}
          required={required}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? errorId : undefined}
        />
        {label}
      </label>
      <FieldError id={errorId} message={error} />
    </>
  );
}

interface AttestProps {
  text: Parameters<typeof ConsentText>[0]["text"];
  locale: Locale;
  /** What the leader attests, naming the text's version. */
  label: string;
  error?: string | null;
  required?: boolean;
}

/** A club leader's attestation that the guardians of the children they add gave data consent. */
export function ClubAttestFieldset({ text, locale, label, error, required }: AttestProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="consent">
      <legend>{t("clubs.attestTitle")}</legend>
      <p className="small">{t("clubs.attestLead")}</p>
      <ConsentText text={text} locale={locale} />
      <ConsentCheckbox name="attest" label={label} error={error} required={required} />
      <p className="small muted">{t("clubs.attestPhotoHint")}</p>
    </fieldset>
  );
}
