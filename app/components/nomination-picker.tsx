import { useTranslation } from "react-i18next";

import { Field } from "./field";

/** The nomination choice that opens an entry form (a GET form: the choice goes into the URL). */
export function NominationPicker({
  nominations,
  chosenId,
}: {
  nominations: { id: number; name: string }[];
  chosenId?: number;
}) {
  const { t } = useTranslation();
  return (
    <Field name="nomination" label={t("enter.nomination")}>
      {(p) => (
        <select {...p} name="nomination" defaultValue={chosenId ?? ""}>
          <option value="">{t("form.choose")}</option>
          {nominations.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
