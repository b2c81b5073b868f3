import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireClubLeader } from "~/.server/accounts/auth.server";
import { enforceRateLimit, RATE_LIMITS } from "~/.server/accounts/rate-limit.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { readUploadForm } from "~/.server/platform/uploads/artwork.server";
import { currentConsentTexts } from "~/.server/registration/children.server";
import { checkRosterFile, confirmRosterStep, type ImportPreviewRow } from "~/.server/registration/roster/import.server";
import type { FileProblem } from "~/.server/registration/roster/parse.server";
import { BackLink } from "~/components/back-link";
import { ClubAttestFieldset } from "~/components/consent-fields";
import { ScrollTable } from "~/components/scroll-table";
import { ROSTER_COLUMNS, ROSTER_LIMITS, type RosterColumn } from "~/domain/roster";
import { requireId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";

export const meta: MetaFunction = ({ matches }) => titled(matches, "roster.title");

const FILE_TOO_LARGE: FileProblem = {
  code: "too_large",
  severity: "error",
  params: { max: ROSTER_LIMITS.maxBytes / 1024 / 1024 },
};

// The club's leaders and admins: check a roster file, then confirm it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { club } = await requireClubLeader(request, requireId(params.id));
  const texts = await currentConsentTexts(await getDb());
  return { locale: await getLocale(request), club, consentText: texts.data };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const clubId = requireId(params.id);
  const { user } = await requireClubLeader(request, clubId);
  const db = await getDb();
  const scope = { clubId };

  // A file: check it and keep the preview; nothing about the children is saved yet.
  if (request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    await enforceRateLimit(request, "rosterImport.user", String(user.id), RATE_LIMITS.rosterImport.user);
    const upload = await readUploadForm(request);
    if ("problem" in upload) return data({ step: "upload" as const, fileProblem: FILE_TOO_LARGE }, { status: 413 });
    const file = upload.formData.get("file");
    if (!(file instanceof File) || (file.size === 0 && !file.name))
      return data({ step: "upload" as const, chooseFile: true }, { status: 400 });
    const bytes = Buffer.from(await file.arrayBuffer());
    const checked = await checkRosterFile(db, scope, user.id, { name: file.name, bytes });
    const refused = checked.fileProblems.some((p) => p.severity === "error");
    return data({ step: "preview" as const, fileName: file.name, ...checked }, { status: refused ? 422 : 200 });
  }

  const form = await readForm(request);
  readIntent(form, ["confirm"]);
  const importId = String(form.get("importId") ?? "").slice(0, 100);
  const step = await confirmRosterStep(db, scope, user, {
    importId,
    textVersion: Number(form.get("textVersion")),
    attested: form.get("attest") === "on",
  });
  if (step.status === "confirmed")
    throw redirectWithNotice(`/clubs/${clubId}`, "imported", { added: step.added, skipped: step.skipped });
  if (step.status === "refused") return data({ step: "upload" as const, importProblem: step.problem }, { status: 400 });
  const pending = { step: "confirm" as const, importId, fileName: step.fileName, count: step.count };
  if (step.reason === "attestMissing") return data({ ...pending, attestMissing: true }, { status: 400 });
  return data({ ...pending, textChanged: true }, { status: 400 });
}

export default function ImportRoster() {
  const { t } = useTranslation();
  const { club } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="stack">
      <BackLink to={`/clubs/${club.id}`}>{club.name}</BackLink>
      <h1>{t("roster.title")}</h1>
      {result?.step === "preview" ? (
        <Preview result={result} />
      ) : result?.step === "confirm" ? (
        <>
          {"textChanged" in result ? (
            <p className="alert alert--warning" role="alert">
              {t("clubs.importProblem.textChanged")}
            </p>
          ) : null}
          <p>{t("clubs.pendingRows", { count: result.count, file: result.fileName })}</p>
          <ConfirmForm importId={result.importId} count={result.count} attestMissing={"attestMissing" in result} />
          <p>
            <Link to={`/clubs/${club.id}/import`}>{t("roster.chooseAnother")}</Link>
          </p>
        </>
      ) : (
        <>
          {result && "importProblem" in result ? (
            <p className="alert alert--error" role="alert">
              {t(`clubs.importProblem.${result.importProblem}`)}
            </p>
          ) : null}
          <UploadForm
            error={
              result && "fileProblem" in result
                ? t(`roster.fileProblem.${result.fileProblem.code}`, result.fileProblem.params)
                : result && "chooseFile" in result
                  ? t("clubs.chooseFile")
                  : undefined
            }
          />
        </>
      )}
    </section>
  );
}

function UploadForm({ error }: { error?: string }) {
  const { t } = useTranslation();
  const { club } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p className="muted">{t("roster.lead")}</p>
      <Form method="post" encType="multipart/form-data" className="card stack" noValidate>
        <div className={`field${error ? " field--invalid" : ""}`}>
          <label htmlFor="roster-file">{t("roster.file")}</label>
          <input
            id="roster-file"
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`roster-file-hint${error ? " roster-file-error" : ""}`}
            aria-invalid={Boolean(error)}
          />
          <p id="roster-file-hint" className="field__hint">
            {t("roster.fileHint", { maxMb: ROSTER_LIMITS.maxBytes / 1024 / 1024, maxRows: ROSTER_LIMITS.maxRows })}{" "}
            {t("roster.columnsHint")}
          </p>
          {error ? (
            <p id="roster-file-error" className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <p className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t("roster.check")}
          </button>
          <a className="button" href={`/clubs/${club.id}/import/template.xlsx`} download>
            {t("clubs.template")}
          </a>
        </p>
      </Form>
    </>
  );
}

type PreviewResult = Extract<NonNullable<ReturnType<typeof useActionData<typeof action>>>, { step: "preview" }>;

function Preview({ result }: { result: PreviewResult }) {
  const { t } = useTranslation();
  const { club } = useLoaderData<typeof loader>();
  const { counts, rows, fileProblems, importId } = result;
  const problemText = (p: FileProblem) =>
    t(`roster.fileProblem.${p.code}`, {
      ...p.params,
      ...(p.code === "missing_column" ? { column: t(`roster.column.${p.params.column}`) } : {}),
    });
  return (
    <>
      <p className="muted">{t("clubs.previewOf", { file: result.fileName })}</p>
      {fileProblems.length > 0 ? (
        <div className="stack">
          <h2>{t("clubs.fileProblems")}</h2>
          {fileProblems.map((p) => (
            <p
              key={p.code + JSON.stringify(p.params)}
              className={`alert ${p.severity === "error" ? "alert--error" : "alert--warning"}`}
            >
              {problemText(p)}
            </p>
          ))}
        </div>
      ) : null}
      {rows.length > 0 ? (
        <>
          <ul className="import-counts" aria-label={t("clubs.countsLabel")}>
            <li className="import-counts__ok">
              {t("roster.summary", { importable: counts.toAdd, total: counts.total, errors: counts.withErrors })}
            </li>
            {counts.alreadyInRoster > 0 ? <li>{t("clubs.alreadyCount", { count: counts.alreadyInRoster })}</li> : null}
            {counts.withWarnings > 0 ? <li>{t("clubs.warningsCount", { count: counts.withWarnings })}</li> : null}
          </ul>
          <PreviewTable rows={rows} fileName={result.fileName} />
        </>
      ) : null}
      {importId ? (
        <ConfirmForm importId={importId} count={counts.toAdd} attestMissing={false} />
      ) : rows.length > 0 ? (
        <p className="alert alert--warning">
          {t(counts.withErrors === 0 ? "clubs.allKnown" : "roster.nothingToImport")}
        </p>
      ) : null}
      <p>
        <Link to={`/clubs/${club.id}/import`}>{t("roster.chooseAnother")}</Link>
      </p>
    </>
  );
}

function PreviewTable({ rows, fileName }: { rows: ImportPreviewRow[]; fileName: string }) {
  const { t } = useTranslation();
  const shown = (row: ImportPreviewRow, column: RosterColumn): string => {
    if (column === "birthDate")
      return row.values.birthDate ? row.values.birthDate.split("-").reverse().join(".") : row.raw.birthDate;
    if (column === "city")
      return row.problems.some((p) => p.column === "city") ? (row.values.cityText ?? "") : t(`city.${row.values.city}`);
    if (column === "region") return row.values.region ? t(`region.${row.values.region}`) : (row.raw.region ?? "");
    return row.values[column] || row.raw[column];
  };
  const status = (row: ImportPreviewRow) =>
    !row.importable ? "error" : row.alreadyInRoster ? "known" : row.problems.length > 0 ? "warning" : "ready";
  const statusLabel = {
    error: t("roster.hasErrors"),
    known: t("clubs.alreadyInRoster"),
    warning: t("roster.hasWarnings"),
    ready: t("roster.ready"),
  };
  return (
    <ScrollTable
      id="preview-caption"
      caption={t("clubs.previewOf", { file: fileName })}
      className="roster-preview"
      columns={[t("clubs.row"), t("clubs.check"), ...ROSTER_COLUMNS.map((c) => t(`roster.column.${c}`))]}
    >
      {rows.map((row) => {
        const kind = status(row);
        return (
          <tr key={row.line} className={`roster-preview__row roster-preview__row--${kind}`}>
            <th scope="row">{row.line}</th>
            <td className="roster-preview__check">
              <span className={`pill roster-status roster-status--${kind}`}>{statusLabel[kind]}</span>
              {row.problems.length > 0 ? (
                <ul className="problem-list small">
                  {row.problems.map((p, i) => (
                    <li key={i} className={`roster-problem roster-problem--${p.severity}`}>
                      {p.column ? `${t(`roster.column.${p.column}`)}: ` : ""}
                      {t(`roster.problem.${p.code}`, p.params)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </td>
            {ROSTER_COLUMNS.map((column) => {
              const here = row.problems.filter((p) => p.column === column);
              const worst = here.find((p) => p.severity === "error") ?? here[0];
              return (
                <td key={column} className={worst ? `roster-preview__cell--${worst.severity}` : undefined}>
                  {shown(row, column)}
                </td>
              );
            })}
          </tr>
        );
      })}
    </ScrollTable>
  );
}

function ConfirmForm({ importId, count, attestMissing }: { importId: string; count: number; attestMissing: boolean }) {
  const { t } = useTranslation();
  const { locale, consentText } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" className="card stack">
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="importId" value={importId} />
      <input type="hidden" name="textVersion" value={consentText.version} />
      <ClubAttestFieldset
        text={consentText}
        locale={locale}
        label={t("clubs.attestLabel", { version: consentText.version })}
        error={attestMissing ? "clubs.attestRequired" : null}
        required
      />
      <button type="submit" className="button button--primary" disabled={busy}>
        {t("clubs.confirmImport", { count })}
      </button>
    </Form>
  );
}
