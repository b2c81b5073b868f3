import { useTranslation } from "react-i18next";

import type { ClubValues } from "~/schemas/club";

import { PlaceFields } from "./place-fields";
import { SimpleField } from "./simple-field";

interface Props {
  values?: ClubValues;
  errors?: Record<string, { message?: string } | undefined>;
}

/**
 * A club's details: its own name and optional names in each language; its town from Toi's list,
 * or as typed with its region (and country, abroad) chosen.
 */
export function ClubFields({ values, errors }: Props) {
  const { t } = useTranslation();
  const err = (name: keyof ClubValues) => errors?.[name]?.message;
  return (
    <>
      <SimpleField
        name="name"
        label={t("clubs.form.name")}
        hint={t("clubs.form.nameHint")}
        defaultValue={values?.name}
        error={err("name")}
      />
      <fieldset className="stack">
        <legend>{t("clubs.form.names")}</legend>
        <div className="grid-3">
          {(["Kk", "Ru", "En"] as const).map((l) => (
            <SimpleField
              key={l}
              name={`name${l}`}
              label={t(`clubs.form.name${l}`)}
              required={false}
              defaultValue={values?.[`name${l}`]}
              error={err(`name${l}`)}
            />
          ))}
        </div>
      </fieldset>
      <div className="grid-2">
        <PlaceFields
          values={values}
          errors={errors}
          hints={{
            city: t("clubs.form.cityHint"),
            town: t("clubs.form.townHint"),
            region: t("clubs.form.regionHint"),
            country: t("clubs.form.countryHint"),
          }}
        />
      </div>
    </>
  );
}
