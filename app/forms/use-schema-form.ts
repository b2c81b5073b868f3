import { useSubmit } from "@remix-run/react";
import { type FormEvent, useEffect, useRef } from "react";
import { type DefaultValues, type FieldErrors, type FieldValues, useForm } from "react-hook-form";
import type { z } from "zod";

import { schemaResolver } from "~/forms/validate";

/**
 * react-hook-form with the schema's resolver for one small form of the jury pages. When the browser
 * finds the form valid it submits the real form element (with the clicked button's name and value),
 * so the post has the same shape with and without JavaScript; errors from the action show by the
 * fields either way. Focus goes to the first bad field, in the order the form shows them: on a
 * failed submit in the browser, and when the page comes back with the action's errors (attach
 * `ref` to the form).
 */
export function useSchemaForm<Values extends FieldValues, Out>(
  schema: z.ZodType<Out>,
  values: Values,
  errors?: FieldErrors<Values>,
) {
  const form = useForm<Values, unknown, Out>({
    resolver: schemaResolver<Values, Out>(schema),
    defaultValues: values as DefaultValues<Values>,
    errors,
    mode: "onTouched",
    shouldFocusError: false,
  });
  const ref = useRef<HTMLFormElement>(null);
  /** Focus is owed to the first bad field once it shows (the errors render after the state changes). */
  const focusOwed = useRef(false);
  const submit = useSubmit();
  useEffect(() => {
    if (errors && Object.keys(errors).length > 0) focusOwed.current = true;
  }, [errors]);
  const payFocus = () => {
    if (!focusOwed.current) return;
    const bad = ref.current?.querySelector<HTMLElement>("[aria-invalid='true']");
    if (!bad) return;
    focusOwed.current = false;
    bad.focus();
  };
  useEffect(payFocus);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const target = submitter instanceof HTMLButtonElement ? submitter : e.currentTarget;
    void form.handleSubmit(
      () => submit(target, { method: "post" }),
      () => {
        focusOwed.current = true;
        // The same errors as already shown re-render nothing: pay it after this turn.
        setTimeout(payFocus, 0);
      },
    )(e);
  };
  return { form, onSubmit, ref };
}
