// The thread's entry when cafe-sms runs from its TypeScript sources (vitest, tsx): a thread does
// not inherit its parent's loader, so it registers tsx's before loading the real entry.
import { register } from 'tsx/esm/api';

register();
await import('./thread-main.ts');
