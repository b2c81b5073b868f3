import { data } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { createRemixStub } from "@remix-run/testing";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { RefusedRemoval } from "~/.server/events/events.server";
import type { Locale } from "~/domain/locale";
import { formDataToObject } from "~/forms/form-data";
import { blankEvent, blankNomination, blankRound, type EventFormValues } from "~/schemas/event";

import { WithLocale } from "../../tests/setup/i18n";
import { EventForm } from "./event-form";

function renderForm(locale: Locale, props: Partial<Parameters<typeof EventForm>[0]> = {}, onPost = vi.fn()) {
  const Stub = createRemixStub([
    {
      path: "/",
      Component: () => <EventForm values={blankEvent()} submitLabel="save" busy={false} {...props} />,
      action: async ({ request }) => {
        onPost(formDataToObject(await request.formData()));
        return null;
      },
    },
  ]);
  render(
    <WithLocale locale={locale}>
      <Stub />
    </WithLocale>,
  );
  return onPost;
}

describe("EventForm", () => {
  it("shows translated errors by each field and posts nothing while the form is invalid", async () => {
    const onPost = renderForm("kk");
    await userEvent.click(await screen.findByRole("button", { name: "save" }));
    expect(await screen.findByText("Белгіленген өрістерді түзетіңіз.")).toBeInTheDocument();
    expect(screen.getByLabelText("Түрі")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Түрі")).toHaveAccessibleDescription("Нұсқалардың бірін таңдаңыз.");
    expect(screen.getAllByText("Атауын кемінде бір тілде жазыңыз.").length).toBeGreaterThan(0);
    expect(onPost).not.toHaveBeenCalled();
  });

  it("posts the same dotted field names the server parses, with nominations added in the browser", async () => {
    const onPost = renderForm("ru");
    const user = userEvent.setup();
    const titles = await screen.findByRole("group", { name: /Название/ });
    await user.type(within(titles).getByRole("textbox", { name: "Русский" }), "Дети в ритме мира");
    await user.selectOptions(screen.getByLabelText("Вид"), "festival_contest");
    await user.selectOptions(screen.getByLabelText("Город"), "almaty");
    await user.type(screen.getByLabelText("Первый день"), "2027-10-10");
    await user.type(screen.getByLabelText("Последний день"), "2027-10-10");
    await user.click(screen.getByRole("button", { name: "Добавить номинацию" }));
    await user.type(screen.getByLabelText("Название · Русский"), "Вокал");
    await user.selectOptions(screen.getByLabelText("Направление"), "vocal");
    await user.click(screen.getByRole("checkbox", { name: "Дуэт" }));
    await user.click(screen.getByRole("button", { name: "save" }));
    await waitFor(() => expect(onPost).toHaveBeenCalledTimes(1));
    const posted = onPost.mock.calls[0]![0] as EventFormValues & { intent: string };
    expect(posted.titleRu).toBe("Дети в ритме мира");
    expect(posted.nominations[0]!.nameRu).toBe("Вокал");
    expect(posted.nominations[0]!.formats.filter((f) => f.enabled).map((f) => f.format)).toEqual(["solo", "duet"]);
  });

  it("shows errors returned by the server next to their fields on first render (no JavaScript needed)", async () => {
    renderForm("en", {
      values: { ...blankEvent(), slug: "taken" },
      errors: { slug: { type: "custom", message: "errors.slugTaken" } },
    });
    expect(await screen.findByText("This web address is already taken.")).toBeInTheDocument();
    expect(screen.getByLabelText("Web address")).toHaveValue("taken");
  });
});

describe("EventForm after a save that would have removed what holds data", () => {
  const final = { ...blankRound(), id: "7", kind: "final" };
  const saved: EventFormValues = {
    ...blankEvent(),
    kind: "festival_contest",
    city: "almaty",
    titleEn: "Shabyt",
    startsOn: "2027-10-10",
    endsOn: "2027-10-11",
    nominations: [{ ...blankNomination(), id: "3", nameEn: "Vocal", discipline: "vocal" }],
    rounds: [final],
  };
  const refused: RefusedRemoval[] = [
    { list: "rounds", index: 0, row: final, holdings: { advanced: 5062, scores: 60744, publishedSections: 25 } },
  ];

  it.each([
    [
      "en",
      "The round “Final” cannot be removed while it holds entries advanced into it (5,062), scores (60,744) and published results sections (25).",
    ],
    [
      "ru",
      "Этап «Финал» нельзя удалить, пока в нём есть заявки, прошедшие в этот этап (5062), оценки (60\u00a0744) и опубликованные разделы результатов (25).",
    ],
    [
      "kk",
      "«Финал» кезеңін жоюға болмайды: онда осы кезеңге өткен өтінімдер (5062), бағалар (60\u00a0744) және нәтижелердің жарияланған бөлімдері (25) бар.",
    ],
  ] as const)("says in %s what holds the row and that nothing was saved", async (locale, message) => {
    renderForm(locale, { values: saved, refused });
    // Compared as text: a matcher string would lose the no-break spaces that group thousands.
    const alerts = await screen.findAllByRole("alert");
    const alert = alerts.find((a) => a.textContent?.includes(message));
    expect(alert, alerts.map((a) => a.textContent).join("\n")).toBeDefined();
    expect(alert).toHaveTextContent(
      { en: "Nothing was saved.", ru: "Ничего не сохранено.", kk: "Ештеңе сақталмады." }[locale],
    );
  });

  it("puts the refused row back in the form and keeps the organiser's other changes", async () => {
    const user = userEvent.setup();
    const posted = vi.fn();
    const Stub = createRemixStub([
      {
        path: "/",
        Component: () => {
          const result = useActionData<{ values: EventFormValues; refused: RefusedRemoval[] }>();
          return (
            <EventForm values={result?.values ?? saved} refused={result?.refused} submitLabel="save" busy={false} />
          );
        },
        action: async ({ request }) => {
          const values = formDataToObject(await request.formData()) as unknown as EventFormValues;
          posted(values);
          // What postEventForm answers: the posted values with the held round back in its place.
          return data({ values: { ...values, rounds: [final] }, refused }, { status: 409 });
        },
      },
    ]);
    render(
      <WithLocale locale="en">
        <Stub />
      </WithLocale>,
    );
    const round = await screen.findByRole("group", { name: "Round 1" });
    await user.click(within(round).getByRole("button", { name: "Remove" }));
    expect(screen.queryByRole("group", { name: "Round 1" })).not.toBeInTheDocument();
    const titles = screen.getByRole("group", { name: /Title/ });
    await user.clear(within(titles).getByRole("textbox", { name: "English" }));
    await user.type(within(titles).getByRole("textbox", { name: "English" }), "Shabyt renamed");
    await user.click(screen.getByRole("button", { name: "save" }));

    await waitFor(() => expect(posted).toHaveBeenCalledTimes(1));
    expect((posted.mock.calls[0]![0] as EventFormValues).rounds ?? []).toEqual([]);
    expect(await screen.findByText(/The round “Final” cannot be removed/)).toBeInTheDocument();
    expect(await screen.findByRole("group", { name: "Round 1" })).toBeInTheDocument();
    expect(within(screen.getByRole("group", { name: /Title/ })).getByRole("textbox", { name: "English" })).toHaveValue(
      "Shabyt renamed",
    );
  });
});
