import { en } from "./en";
import { kk } from "./kk";
import { ru } from "./ru";

export const jobs = { kk, ru, en };
