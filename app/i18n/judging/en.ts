import type { Widen } from "../widen";

export const en = {
  judge: {
    nav: "Judging",
    title: "Judging",
    lead: "Your jury panels. Open a panel to score its entries in running order.",
    noPanels: "You are not on a jury panel yet. The organiser adds judges to panels.",
    allAgeGroups: "all age groups",
    progress: "Scored: {{scored}} of {{total}}",
    chair: "Chair of the jury",
    blind: "Blind judging",
    blindNote:
      "Blind judging: names, clubs, references and times, which would tell you whose work it is, are hidden. Entries are known by their number.",
    hidden: "Entries hidden because of a conflict of interest: {{count}}.",
    backToPanels: "All my panels",
    number: "No. {{number}}",
    untitled: "No title",
    noEntries: "There are no entries on this panel yet.",
    noCriteria: "The organiser has not set the criteria for this nomination yet.",
    video: "Watch the video",
    opensInNewTab: "(opens in a new tab)",
    artworkAlt: "The work «{{title}}»",
    artworkAltNumber: "The work of entry No. {{number}}",
    outOf: "out of {{max}}",
    weight: "weight ×{{weight}}",
    lower: "{{criterion}}: lower",
    raise: "{{criterion}}: higher",
    invalid: "Enter a number from 0 to {{max}}.",
    total: "Total: {{total}} of {{max}}",
    totalIncomplete: "Criteria scored: {{done}} of {{count}}",
    locked: "The results are locked: only the organiser can change these scores now.",
    save: "Save",
    savedNotice: "The scores of No. {{number}} are saved.",
    newer: "A newer score from another device was kept: {{value}}.",
    postOnly: "This address only takes the scores sent by the judge's screen. Your panels are at {{url}}",
    retry: "Send now",
    list: {
      label: "Which entries to show",
      todo: "To score ({{count}})",
      done: "Scored ({{count}})",
      all: "All ({{count}})",
      pages: "Pages of entries",
      goTo: "Go to No.",
      go: "Show",
      allDone: "Every entry on this panel is scored.",
      noneDone: "No entry on this panel is scored yet.",
    },
    status: {
      saved: "Saved",
      waiting: "Waiting to send",
      refused: "Not saved: {{reason}}",
      invalid: "Not saved: check the marked score",
      partly: "The other scores are saved; check the marked score",
      empty: "Not scored yet",
    },
    reason: {
      not_on_panel: "this entry is not on your panel",
      conflict: "conflict of interest",
      locked: "the results are locked",
      out_of_range: "the score is outside the scale",
      unknown_criterion: "this criterion is not used here",
    },
    problem: {
      offline: "Offline — scores waiting on this device: {{count}}. They will be sent when the connection returns.",
      server:
        "The server did not take the scores — waiting on this device: {{count}}. They will be sent again shortly.",
      signed_out:
        "You have been signed out — scores waiting on this device: {{count}}. Sign in again in this browser to send them.",
    },
  },
};

export type Messages = Widen<typeof en>;
