import type { ReactNode } from "react";

interface Props<T> {
  /** A first option with no value ("all", "choose…"); none when left out. */
  blank?: string;
  items: readonly T[];
  /** Each item's value, also its key; the item itself by default (for lists of strings). */
  value?: (item: T) => string | number;
  label: (item: T) => ReactNode;
}

/** A select's options: the blank one, then one per item. */
export function Options<T>({ blank, items, value = String, label }: Props<T>) {
  return (
    <>
      {blank !== undefined ? <option value="">{blank}</option> : null}
      {items.map((item) => (
        <option key={value(item)} value={value(item)}>
          {label(item)}
        </option>
      ))}
    </>
  );
}
