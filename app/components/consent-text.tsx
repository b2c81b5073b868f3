import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/locale";

interface Props {
  text: { kind: string; version: number; text_kk: string; text_ru: string; text_en: string };
  locale: Locale;
}

/** The exact, versioned text a guardian agrees to, in their language. */
export function ConsentText({ text, locale }: Props) {
  const { t } = useTranslation();
  const body = { kk: text.text_kk, ru: text.text_ru, en: text.text_en }[locale];
  return (
    <details className="consent__text">
      <summary>
        {t(`children.consentTitle_${text.kind}`)} · {t("children.consentVersion", { version: text.version })}
      </summary>
      <p lang={locale}>{body}</p>
    </details>
  );
}
