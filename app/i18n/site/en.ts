import type { Widen } from "../widen";

export const en = {
  footer: {
    nav: "About Toi",
    about: "About",
    contact: "Contact",
    privacy: "Privacy",
  },
  about: {
    title: "About Toi",
    lead: "Toi is where the Kazakhstan National Federation of UNESCO Clubs runs its festivals, contests and Art Academy: from registration to published results and diplomas.",
    body: "Families enter their children once and follow every entry; club leaders enter a whole club; juries score on a phone or tablet, even offline; organisers build the running order and publish results in Kazakh, Russian and English. The federation unites UNESCO clubs across Kazakhstan's regions, working with children and young people in the arts, culture and education.",
    privacyLink: "How Toi looks after children's data",
  },
  contact: {
    title: "Contact",
    event:
      "About an entry or an event: write to the event's organiser — reply to any email Toi sent you about the entry, or use the contacts on the event's page.",
    data: "About your or your child's personal data: see, download or delete it yourself under Account → My data, or write to the federation.",
    email: "The federation's address for Toi:",
    noEmail:
      "The federation has not published an address on this site yet; until it does, reply to any email Toi sent you.",
  },
  privacy: {
    title: "Privacy notice",
    lead: "Toi processes children's personal data on behalf of the Kazakhstan National Federation of UNESCO Clubs, under the Law of the Republic of Kazakhstan “On Personal Data and Their Protection” of 21 May 2013 No. 94-V, and only with the consent of the child's parent or other legal representative.",
    sections: {
      what: {
        title: "What Toi stores about a child",
        body: "Surname, first name and patronymic; date of birth; city; club; how the name may be shown in public (in full, or shortened). For each entry: the nomination, age group, the title of the piece or work, its duration, a video link or an artwork image when the nomination asks for one, the status, scores and awards. The consents given and withdrawn, with their dates and wording.",
      },
      why: {
        title: "Why",
        body: "To check eligibility (age on the event's reference date, format, deadlines), to confirm or wait-list an entry, to build the programme, for the jury to score, and to publish results and issue diplomas. Toi uses the data for nothing else: no advertising, no profiling, no sale or transfer to third parties.",
      },
      who: {
        title: "Who sees it",
        body: "The guardian who added the child sees everything. The organisers of an event the child entered see what the entry needs, including the consents and the guardian's contacts. Judges see the performance or work, without the child's date of birth or contacts, and never entries of their own club. Club leaders see their club's children. The public sees only the name as the guardian consented, the club, city, nomination, age group, award and programme times — never a date of birth or contacts.",
      },
      photo: {
        title: "Photo and video",
        body: "Filming and publishing a child's performance needs a separate photo and video consent, which the guardian may refuse or withdraw at any time; organisers see it beside every entry.",
      },
      howLong: {
        title: "How long it is kept",
        housekeeping:
          "Copies of the emails Toi sent are deleted {{days}} days after sending; expired sign-ins, used links and old records of failed sign-ins are deleted automatically.",
        body: "As long as the guardian's account exists and the child's data consent stands. When a child is deleted or the consent withdrawn, Toi deletes a child who never took part; for one who took part, it removes the name, the piece's title, video links and artwork files, and keeps only a nameless line in past results, so that other children's places do not change. The log of who changed what forgets a deleted child's and family's names and addresses too.",
      },
      rights: {
        title: "How a guardian exports or deletes it",
        body: "Under Account → My data a guardian downloads everything Toi holds about them and their children (entries, links, results, consents, emails), deletes a child, or deletes the whole account. Consents are withdrawn on the child's page. A guardian may also ask the federation to correct, block or delete data, or to explain how it is processed; the answer comes within the time the Law sets.",
      },
      where: {
        title: "Where it is stored",
        body: "In a database located in the Republic of Kazakhstan, as the Law requires, reached over encrypted connections; every change is recorded with who made it.",
      },
    },
    updated: "Last updated: 7 December 2026.",
  },
};

export type Messages = Widen<typeof en>;
