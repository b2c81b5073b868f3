import type { Widen } from "../widen";

export const en = {
  email: {
    club_digest: {
      subject: "Entries of {{club}}: today's summary",
      intro:
        "Here are the entries of {{club}} that were added or changed since the last summary ({{count}}). Each family also gets its own emails about its child's entry.",
      action: "Open the club",
      note: "You get one such summary a day, and only on days when something changed.",
      line: "{{reference}} · {{names}} · {{nomination}}: {{status}}",
    },
    section_message: {
      subject: "From the organisers: {{subject}} ({{event}})",
      intro: "A message from the organisers of {{event}} to the families in {{section}}: {{body}}",
      action: "Open the event",
      note: "You get this email because your child takes part in this nomination and age group.",
    },
    results_published: {
      subject: "Results are published: {{event}}",
      intro: "The results are published. Event: {{event}}. Nomination and age group: {{section}}.",
      action: "See the results",
      note: "Diplomas can be downloaded from the entry page after you sign in.",
    },
    entry_advanced: {
      subject: "On to the next round: {{childNames}}, {{event}}",
      intro:
        "Congratulations! Entry {{reference}} advances to the next round. Event: {{event}}. Next round: {{round}}. Taking part: {{childNames}}.",
      action: "Open the entry",
      note: "The organisers will publish the programme of the next round; the performance time will appear on the entry page and the event page.",
    },
    schedule_changed: {
      subject: "Your performance times: {{event}}",
      intro: "The running order of {{event}} is published or has changed. Your performances: {{changes}}.",
      action: "See the programme",
      note: "Please check the time and stage before you set off; if something is wrong, contact the organisers.",
    },
    schedule_dropped: {
      subject: "Your performance is not in the new running order: {{event}}",
      intro:
        "A new running order of {{event}} is published. These performances are not in it any more: {{entries}}. Your entry is still confirmed; the organisers will contact you.",
      action: "See the programme",
      note: "If you have questions, contact the organisers.",
    },
    // Entry emails list event, nomination and children as labelled facts: titles then need no
    // grammatical case in Kazakh or Russian.
    entry_confirmed: {
      subject: "Entry {{reference}} is confirmed: {{event}}",
      intro:
        "Entry {{reference}} is confirmed. Event: {{event}}. Nomination: {{nomination}}. Taking part: {{childNames}}.",
      action: "See your entries",
      note: "Keep the reference code and quote it when you contact the organisers. You can change or withdraw the entry until registration closes.",
    },
    entry_waitlisted: {
      subject: "Entry {{reference}} is on the waiting list: {{event}}",
      intro:
        "There are no free places left, so entry {{reference}} is on the waiting list at number {{position}}. Event: {{event}}. Nomination: {{nomination}}. Taking part: {{childNames}}.",
      action: "See your entries",
      note: "When a place becomes free, the first entry on the waiting list is confirmed automatically and we let you know by email. You can withdraw the entry until registration closes.",
    },
    entry_promoted: {
      subject: "A place for entry {{reference}}: {{event}}",
      intro:
        "Entry {{reference}} has left the waiting list and is now confirmed. Event: {{event}}. Nomination: {{nomination}}. Taking part: {{childNames}}.",
      action: "See your entries",
      note: "If your plans have changed, please withdraw the entry so that the place goes to the next family on the waiting list.",
    },
    entry_withdrawn: {
      subject: "Entry {{reference}} is withdrawn: {{event}}",
      intro:
        "Entry {{reference}} is withdrawn at your request. Event: {{event}}. Nomination: {{nomination}}. Taking part: {{childNames}}.",
      action: "See your entries",
      note: "If you did not withdraw it, contact the organisers and quote the reference code. While registration is open you can enter again.",
    },
    entry_moved: {
      subject: "Entry {{reference}} moved to another round: {{event}}",
      intro:
        "The organisers moved entry {{reference}} to another round of the same stage. Event: {{event}}. Nomination: {{nomination}}. Taking part: {{childNames}}. Now in: {{round}}. Reason: {{reason}}",
      action: "Open the entry",
      note: "The time and place of the performance appear on the entry page. If you have questions, contact the organisers and quote the reference code.",
    },
    entry_rejected: {
      subject: "Entry {{reference}} was not accepted: {{event}}",
      intro:
        "The organisers did not accept entry {{reference}}. Event: {{event}}. Nomination: {{nomination}}. Taking part: {{childNames}}. Reason: {{reason}}",
      action: "See your entries",
      note: "If you have questions, contact the organisers and quote the reference code.",
    },
    greeting: "Hello, {{name}}!",
    greetingNoName: "Hello!",
    linkHint: "If the button does not work, copy this link into your browser:",
    singleUse: "The link works once and only for a limited time.",
    signature: "Toi — Kazakhstan National Federation of UNESCO Clubs",
    automatic: "This message was sent automatically; there is no need to reply.",
    unsubscribe: "Do not want these emails? Turn them off:",
    verify_email: {
      subject: "Confirm your email address for Toi",
      intro: "Thank you for signing up for Toi. To finish, confirm that this email address is yours.",
      action: "Confirm email address",
      ignore: "If you did not sign up for Toi, simply ignore this message.",
    },
    reset_password: {
      subject: "Reset your Toi password",
      intro: "Someone asked to reset the password of your Toi account. If it was you, choose a new password.",
      action: "Choose a new password",
      ignore: "If it was not you, simply ignore this message: your password stays the same.",
    },
    invite: {
      subject: "{{inviterName}} invites you to Toi",
      intro:
        "{{inviterName}} invites you to join Toi, the events website of the Kazakhstan National Federation of UNESCO Clubs, as {{role}}.",
      action: "Accept the invitation",
      ignore: "If you were not expecting this invitation, simply ignore this message.",
      // Each language keeps the form its own sentence needs ("as an organiser", "в качестве организатора").
      role: {
        admin: "an administrator",
        organiser: "an organiser",
        judge: "a jury member",
        club_leader: "a club leader",
      },
    },
  },
  notices: {
    title: "Email notices",
    lead: "Emails about an entry itself, sign-in and your account always come. These you can turn off:",
    kind: {
      results: "Published results and advancement to the next round",
      schedule: "Performance times and changes to the running order",
      club_digest: "Daily summary of your club's entries (club leaders)",
    },
    on: "On",
    off: "Off",
    turnOn: "Turn on",
    turnOff: "Turn off",
    saved: "Your email settings are saved.",
  },
  unsubscribe: {
    title: "Unsubscribe",
    lead: "Stop getting these emails from Toi?",
    submit: "Unsubscribe",
    done: "Done: these emails will no longer come. You can turn them back on from your account page.",
    already: "These emails are already turned off. You can turn them back on from your account page.",
    account: "Account page",
    invalid: "This unsubscribe link is not valid. Sign in and choose which emails you get on your account page.",
  },
  outbox: {
    title: "Outbox",
    lead: "Emails Toi has queued for sending, newest first.",
    logOnly: "No mail server is set (SMTP_URL), so emails are not sent: they go to the server log and appear here.",
    bodiesHidden: "Email texts are hidden because a mail server delivers them: they contain single-use links.",
    tokensHidden:
      "Single-use links (email confirmation, password reset, invitation) are hidden here: they would let anyone who opens them act as the recipient.",
    filter: "Status",
    all: "All",
    show: "Show",
    empty: "No emails.",
    latest: "Only the latest {{number}} emails are shown.",
    status: { pending: "Waiting", sent: "Sent", failed: "Failed" },
    template: {
      verify_email: "Email confirmation",
      reset_password: "Password reset",
      invite: "Invitation",
      entry_confirmed: "Entry confirmed",
      entry_waitlisted: "Entry on the waiting list",
      entry_promoted: "Entry moved off the waiting list",
      entry_moved: "Entry moved to another round",
      entry_rejected: "Entry not accepted",
      entry_withdrawn: "Entry withdrawn",
      schedule_changed: "Performance times",
      schedule_dropped: "Performance left out of the running order",
      results_published: "Results published",
      section_message: "Message to a section's families",
      entry_advanced: "On to the next round",
      club_digest: "Daily summary of club entries",
    },
    to: "To",
    language: "Language",
    attempts: "Attempts",
    createdAt: "Created",
    sentAt: "Sent",
    nextAttemptAt: "Next attempt",
    lastError: "Last error",
    subject: "Subject",
    body: "Text of the email",
    timesIn: "Times are in Almaty time.",
  },
};

export type Messages = Widen<typeof en>;
