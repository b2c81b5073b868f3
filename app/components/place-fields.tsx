import { useTranslation } from "react-i18next";

import { CITIES } from "~/domain/cities";
import { COUNTRIES, REGIONS } from "~/domain/regions";
import type { PlaceValues } from "~/schemas/place";

import { Field } from "./field";
import { Options } from "./options";
import { SimpleField } from "./simple-field";

interface Props {
  values?: PlaceValues;
  errors?: Record<string, { message?: string } | undefined>;
  /** Hints in the words of the form that shows the fields: a club's, or a child's. */
  hints: { city: string; town: string; region: string; country: string };
}

/**
 * A town from Toi's list, or one typed as it is written with its region chosen (and its country,
 * abroad). All four show without JavaScript; the hints say which are needed when.
 */
export function PlaceFields({ values, errors, hints }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Field name="city" label={t("form.city")} hint={hints.city} error={errors?.city?.message}>
        {(p) => (
          <select {...p} name="city" defaultValue={values?.city ?? ""}>
            <Options blank={t("form.choose")} items={CITIES} label={(c) => t(`city.${c}`)} />
          </select>
        )}
      </Field>
      <SimpleField
        name="town"
        label={t("place.town")}
        hint={hints.town}
        required={false}
        defaultValue={values?.town}
        error={errors?.town?.message}
      />
      <Field name="region" label={t("place.region")} hint={hints.region} error={errors?.region?.message}>
        {(p) => (
          <select {...p} name="region" defaultValue={values?.region ?? ""}>
            <Options blank={t("form.choose")} items={REGIONS} label={(r) => t(`region.${r}`)} />
          </select>
        )}
      </Field>
      <Field name="country" label={t("place.country")} hint={hints.country} error={errors?.country?.message}>
        {(p) => (
          <select {...p} name="country" defaultValue={values?.country || "KZ"}>
            <Options items={COUNTRIES} label={(c) => t(`country.${c}`)} />
          </select>
        )}
      </Field>
    </>
  );
}
