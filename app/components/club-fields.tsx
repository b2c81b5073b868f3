import { useTranslation } from "react-i18next";

import { CITIES } from "~/domain/cities";
import { COUNTRIES, REGIONS } from "~/domain/regions";
import type { ClubValues } from "~/schemas/club";

import { Field } from "./field";
import { Options } from "./options";
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
        <Field name="city" label={t("form.city")} hint={t("clubs.form.cityHint")} error={err("city")}>
          {(p) => (
            <select {...p} name="city" defaultValue={values?.city ?? ""}>
              <Options blank={t("form.choose")} items={CITIES} label={(c) => t(`city.${c}`)} />
            </select>
          )}
        </Field>
        <SimpleField
          name="town"
          label={t("clubs.form.town")}
          hint={t("clubs.form.townHint")}
          required={false}
          defaultValue={values?.town}
          error={err("town")}
        />
        <Field name="region" label={t("clubs.form.region")} hint={t("clubs.form.regionHint")} error={err("region")}>
          {(p) => (
            <select {...p} name="region" defaultValue={values?.region ?? ""}>
              <Options blank={t("form.choose")} items={REGIONS} label={(r) => t(`region.${r}`)} />
            </select>
          )}
        </Field>
        <Field name="country" label={t("clubs.form.country")} hint={t("clubs.form.countryHint")} error={err("country")}>
          {(p) => (
            <select {...p} name="country" defaultValue={values?.country ?? "KZ"}>
              <Options items={COUNTRIES} label={(c) => t(`country.${c}`)} />
            </select>
          )}
        </Field>
      </div>
    </>
  );
}
