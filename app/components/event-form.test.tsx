import { createRemixStub } from "@remix-run/testing";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { Locale } from "~/domain/locale";
import { formDataToObject } from "~/forms/form-data";
import { blankEvent, type EventFormValues } from "~/schemas/event";

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
