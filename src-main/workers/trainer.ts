import { currentProcessPort, serveWorker } from './runtime';
import { trainerHandlers } from './trainer-handlers';

/** The trainer worker entry (utility process under Electron, forked child under the Node host and CLI). */
serveWorker(currentProcessPort(), trainerHandlers);
