// `npm run restore -- FILE`: a backup into an empty database (DATABASE_URL, or a new DATA_DIR) and
// an empty UPLOAD_DIR. Start Toi afterwards: it migrates the restored database to its own version.
import { runOpsCommand } from "./ops-command.mjs";

await runOpsCommand("restore", process.argv[2]);
