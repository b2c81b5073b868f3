import type { Widen } from "../widen";

export const en = {
  jobs: {
    link: "Background jobs",
    title: "Background jobs",
    lead: "Long work — all of a round's diplomas, every entry or result in one file — runs here in the background. You may leave this page and come back: the file waits for you.",
    start: {
      title: "Start",
      diplomas: "All diplomas of a round",
      entries: "All entries",
      results: "Results of a round",
      round: "Round",
      lang: "Language of the diplomas",
      format: "Format",
      button: "Start",
    },
    pages: "Background jobs: pages",
    list: "Recent jobs",
    none: "No jobs yet.",
    kind: {
      diplomas: "Diplomas",
      entries_export: "Entries",
      results_export: "Results",
      other: "Job",
    },
    state: {
      queued: "Waiting",
      running: "In progress",
      done: "Ready",
      failed: "Failed",
      cancelled: "Cancelled",
    },
    progress: "{{done}} of {{total}}",
    progressLabel: "Progress of job {{id}}",
    left: "about {{time}} left",
    minutes: "{{count}} min",
    seconds: "{{count}} s",
    queuedAt: "Started {{when}}",
    finishedAt: "Finished {{when}}",
    round: "round {{number}}",
    cancel: "Cancel",
    retry: "Try again",
    download: "Download",
    refresh: "Refresh",
    autoRefresh: "This page refreshes itself while a job is running.",
    notice: {
      started: "The job is queued: its progress shows below.",
      cancelled: "The job is cancelled.",
      retried: "The job is queued again.",
      not_found: "This job can no longer be changed.",
      invalid: "These settings cannot be used for a job.",
    },
    errors: {
      payload: "The job's settings are no longer valid.",
      generic: "Something went wrong. Try again; if it fails again, tell the federation's administrator.",
      missingFile: "The file of this job is no longer there: run the job again.",
    },
    background: "Prepared in the background: the file will be on the jobs page.",
  },
};

export type Messages = Widen<typeof en>;
