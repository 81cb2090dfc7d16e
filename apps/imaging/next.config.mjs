import { createNextConfig } from '../../tools/next/create-next-config.mjs';

export default createNextConfig({ appDir: import.meta.dirname });
