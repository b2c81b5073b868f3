import { useTranslation } from "react-i18next";

import { Field } from "./field";
import { Options } from "./options";

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
          <Options blank={t("form.choose")} items={nominations} value={(n) => n.id} label={(n) => n.name} />
        </select>
      )}
    </Field>
  );
}
