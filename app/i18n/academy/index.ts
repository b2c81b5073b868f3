import { en } from "./en";
import { kk } from "./kk";
import { ru } from "./ru";

export const academy = { kk, ru, en };
