// Every namespace in kk and nothing else: the chunk a reader of kk loads in the browser (app/i18n/client.ts).

import { kk as academy } from "../academy/kk";
import { kk as accounts } from "../accounts/kk";
import { kk as clubs } from "../clubs/kk";
import { kk as common } from "../common/kk";
import { kk as email } from "../email/kk";
import { kk as events } from "../events/kk";
import { kk as jobs } from "../jobs/kk";
import { kk as judging } from "../judging/kk";
import { kk as jury } from "../jury/kk";
import { kk as registration } from "../registration/kk";
import { kk as results } from "../results/kk";
import { kk as schedule } from "../schedule/kk";
import { kk as site } from "../site/kk";

export const resources = {
  common,
  events,
  accounts,
  registration,
  clubs,
  schedule,
  academy,
  jury,
  judging,
  results,
  email,
  site,
  jobs,
};
