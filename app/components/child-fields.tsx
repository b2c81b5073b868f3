import { useTranslation } from "react-i18next";

import type { PlaceValues } from "~/schemas/place";

import { Field } from "./field";
import { Options } from "./options";
import { PlaceFields } from "./place-fields";
import { SimpleField } from "./simple-field";

interface Props {
  values?: PlaceValues &
    Partial<Record<"lastName" | "firstName" | "patronymic" | "birthDate" | "clubId" | "publicName", string>>;
  errors?: Record<string, { message?: string } | undefined>;
  clubs: { id: number; name: string; city: string }[];
  maxBirthDate: string;
}

/** A child's name, in the order forms ask for it; only the patronymic may be left blank. */
const NAME_PARTS = ["lastName", "firstName", "patronymic"] as const;

/** A child's details, shared by the add and edit forms. */
export function ChildFields({ values, errors, clubs, maxBirthDate }: Props) {
  const { t } = useTranslation();
  return (
    <div className="grid-2">
      {NAME_PARTS.map((part) => (
        <SimpleField
          key={part}
          name={part}
          label={t(`children.${part}`)}
          autoComplete="off"
          required={part !== "patronymic"}
          defaultValue={values?.[part]}
          error={errors?.[part]?.message}
        />
      ))}
      <Field name="birthDate" label={t("children.birthDate")} error={errors?.birthDate?.message}>
        {(p) => (
          <input {...p} name="birthDate" type="date" max={maxBirthDate} defaultValue={values?.birthDate} required />
        )}
      </Field>
      <PlaceFields
        values={values}
        errors={errors}
        hints={{
          city: t("children.cityHint"),
          town: t("children.townHint"),
          region: t("children.regionHint"),
          country: t("children.countryHint"),
        }}
      />
      <Field name="clubId" label={t("children.club")} hint={t("children.clubHint")} error={errors?.clubId?.message}>
        {(p) => (
          <select {...p} name="clubId" defaultValue={values?.clubId ?? ""}>
            <Options
              blank={t("children.noClub")}
              items={clubs}
              value={(c) => c.id}
              label={(c) => `${c.name} · ${t(`city.${c.city}`, { defaultValue: c.city })}`}
            />
          </select>
        )}
      </Field>
      <Field
        name="publicName"
        label={t("children.publicName")}
        hint={t("children.publicNameHint")}
        error={errors?.publicName?.message}
      >
        {(p) => (
          <select {...p} name="publicName" defaultValue={values?.publicName ?? "full"}>
            <option value="full">{t("children.publicName_full")}</option>
            <option value="initial">{t("children.publicName_initial")}</option>
          </select>
        )}
      </Field>
    </div>
  );
}
