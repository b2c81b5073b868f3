import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { WithLocale } from "../../../tests/setup/i18n";
import { OrganiserEntry, type OrganiserEntryView } from "./organiser-entry";

const entry: OrganiserEntryView = {
  id: 7,
  reference: "DR17-7K3M9Q",
  status: "waitlisted",
  statusReason: null,
  format: "duet",
  title: "Әлди-әлди",
  durationSeconds: 185,
  videoUrl: null,
  hasArtwork: false,
  createdAt: "2026-11-30T20:30:00.000Z",
  nomination: "Вокал",
  entryKind: "live",
  ageGroup: { min: 7, max: 10 },
  club: "UNESCO Club «Shanyrak»",
  region: "Almaty",
  members: [
    {
      id: 1,
      name: "Серікова Ұлжан",
      birthDate: "2017-02-01",
      club: "UNESCO Club «Shanyrak»",
      photoConsent: true,
      guardianPhone: "+7 701 234 56 78",
    },
    { id: 2, name: null, birthDate: null, club: null, photoConsent: false, guardianPhone: null },
  ],
};

function renderEntry(view: OrganiserEntryView, error?: string) {
  const Stub = createRemixStub([
    {
      path: "/",
      Component: () => <OrganiserEntry entry={view} locale="ru" timeZone="Asia/Almaty" error={error} />,
    },
  ]);
  return render(
    <WithLocale locale="ru">
      <Stub />
    </WithLocale>,
  );
}

describe("OrganiserEntry", () => {
  it("lists each performer with birth date, club and photo consent", async () => {
    renderEntry(entry);
    const table = await screen.findByRole("table", { name: "Участники" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      "Серікова Ұлжан1 февраля 2017 г.UNESCO Club «Shanyrak»Да+7 701 234 56 78",
      "Участник——Без фото и видео—",
    ]);
    expect(screen.getByRole("link", { name: "+7 701 234 56 78" })).toHaveAttribute("href", "tel:+77012345678");
    expect(screen.getByText("Название номера")).toBeInTheDocument();
    expect(screen.getByText("3:05")).toBeInTheDocument();
    expect(screen.getByText("1 декабря 2026 г., 01:30")).toBeInTheDocument();
  });

  it("offers a wait-listed entry's confirmation and its rejection with a reason, and says why one was refused", async () => {
    renderEntry(entry, "organiserEntries.reasonRequired");
    expect(await screen.findByRole("button", { name: "Подтвердить сверх листа ожидания" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Отклонить" })).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Причина (её получит семья)" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Укажите причину отказа");
  });

  it("labels an artwork's title as the work's, not a performance's", async () => {
    renderEntry({ ...entry, entryKind: "artwork", format: "solo" });
    expect(await screen.findByText("Название работы")).toBeInTheDocument();
    expect(screen.queryByText("Название номера")).toBeNull();
  });

  it("offers no decision once an entry is withdrawn", async () => {
    renderEntry({ ...entry, status: "withdrawn" });
    await screen.findByRole("table");
    expect(screen.queryByRole("button")).toBeNull();
  });
});
