import { useTranslation } from "react-i18next";

import { STAFF_ROLES } from "~/schemas/staff";

import { Field } from "./field";

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
      <Field name="role" label={t("admin.role")} error={errors?.role?.message}>
        {(p) => (
          <select {...p} name="role" defaultValue={values?.role ?? ""}>
            <option value="">{t("form.choose")}</option>
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="eventId" label={t("admin.event")} hint={t("admin.eventHint")} error={errors?.eventId?.message}>
        {(p) => (
          <select {...p} name="eventId" defaultValue={values?.eventId ?? ""}>
            <option value="">{t("admin.noEvent")}</option>
            {events.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="clubId" label={t("admin.club")} hint={t("admin.clubHint")} error={errors?.clubId?.message}>
        {(p) => (
          <select {...p} name="clubId" defaultValue={values?.clubId ?? ""}>
            <option value="">{t("admin.noClub")}</option>
            {clubs.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
