import { useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import { useForm, type DefaultValues, type FieldErrors, type FieldValues } from "react-hook-form";
import type { z } from "zod";
import { schemaResolver } from "~/forms/validate";

/**
 * react-hook-form with the schema's resolver for one small form of the jury pages. When the browser
 * finds the form valid it submits the real form element (with the clicked button's name and value),
 * so the post has the same shape with and without JavaScript; errors from the action show by the
 * fields either way.
 */
export function useSchemaForm<Values extends FieldValues, Out>(schema: z.ZodType<Out>, values: Values, errors?: FieldErrors<Values>) {
  const form = useForm<Values, unknown, Out>({
    resolver: schemaResolver<Values, Out>(schema),
    defaultValues: values as DefaultValues<Values>,
    errors,
    mode: "onTouched",
  });
  const submit = useSubmit();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const target = submitter instanceof HTMLButtonElement ? submitter : e.currentTarget;
    void form.handleSubmit(() => submit(target, { method: "post" }))(e);
  };
  return { form, onSubmit };
}
