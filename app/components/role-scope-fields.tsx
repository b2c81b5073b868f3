import { useTranslation } from "react-i18next";

import { STAFF_ROLES } from "~/schemas/staff";

import { Field } from "./field";
import { Options } from "./options";

interface Props {
  events: { id: number; title: string }[];
  clubs: { id: number; name: string }[];
  values?: { role?: string; eventId?: string; clubId?: string };
  errors?: Record<string, { message?: string } | undefined>;
}

/** Role, event and club choosers shared by the invitation and the grant forms. */
export function RoleScopeFields({ events, clubs, values, errors }: Props) {
  const { t } = useTranslation();
  return (
    <div className="grid-2">
      <Choice
        name="role"
        label={t("admin.role")}
        none={t("form.choose")}
        options={STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        value={values?.role}
        error={errors?.role?.message}
      />
      <Choice
        name="eventId"
        label={t("admin.event")}
        hint={t("admin.eventHint")}
        none={t("admin.noEvent")}
        options={events.map((e) => ({ value: e.id, label: e.title }))}
        value={values?.eventId}
        error={errors?.eventId?.message}
      />
      <Choice
        name="clubId"
        label={t("admin.club")}
        hint={t("admin.clubHint")}
        none={t("admin.noClub")}
        options={clubs.map((c) => ({ value: c.id, label: c.name }))}
        value={values?.clubId}
        error={errors?.clubId?.message}
      />
    </div>
  );
}

interface Option {
  value: string | number;
  label: string;
}

/** A select whose empty first option means "none" (or "choose"). */
function Choice(props: {
  name: string;
  label: string;
  hint?: string;
  none: string;
  options: Option[];
  value?: string;
  error?: string;
}) {
  const { name, label, hint, none, options, value, error } = props;
  return (
    <Field name={name} label={label} hint={hint} error={error}>
      {(p) => (
        <select {...p} name={name} defaultValue={value ?? ""}>
          <Options blank={none} items={options} value={(o) => o.value} label={(o) => o.label} />
        </select>
      )}
    </Field>
  );
}
