// Every namespace in ru and nothing else: the chunk a reader of ru loads in the browser (app/i18n/client.ts).

import { ru as academy } from "../academy/ru";
import { ru as accounts } from "../accounts/ru";
import { ru as clubs } from "../clubs/ru";
import { ru as common } from "../common/ru";
import { ru as email } from "../email/ru";
import { ru as events } from "../events/ru";
import { ru as jobs } from "../jobs/ru";
import { ru as judging } from "../judging/ru";
import { ru as jury } from "../jury/ru";
import { ru as registration } from "../registration/ru";
import { ru as results } from "../results/ru";
import { ru as schedule } from "../schedule/ru";
import { ru as site } from "../site/ru";

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
