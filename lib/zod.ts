import { z } from 'zod';

// The one import of zod. In the browser, zod would probe `new Function` (for its compiled object parsers) the
// moment a schema is built; under the CSP (no 'unsafe-eval') that probe is a reported violation even though zod
// catches it, so browsers parse without compiling. Servers keep the faster compiled parsers.
if (typeof window !== 'undefined') z.config({ jitless: true });

export { z };
