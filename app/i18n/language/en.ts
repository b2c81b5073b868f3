// Every namespace in en and nothing else: the chunk a reader of en loads in the browser (app/i18n/client.ts).

import { en as academy } from "../academy/en";
import { en as accounts } from "../accounts/en";
import { en as clubs } from "../clubs/en";
import { en as common } from "../common/en";
import { en as email } from "../email/en";
import { en as events } from "../events/en";
import { en as jobs } from "../jobs/en";
import { en as judging } from "../judging/en";
import { en as jury } from "../jury/en";
import { en as registration } from "../registration/en";
import { en as results } from "../results/en";
import { en as schedule } from "../schedule/en";
import { en as site } from "../site/en";

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
