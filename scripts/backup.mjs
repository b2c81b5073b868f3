// `npm run backup -- FILE`: one archive of the database and the uploads, while Toi runs. Uses the
// production build (`npm run build` first), so it runs without the dev dependencies.
import { runOpsCommand } from "./ops-command.mjs";

await runOpsCommand("backup", process.argv[2]);
