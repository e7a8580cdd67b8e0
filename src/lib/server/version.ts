import pkg from '../../../package.json';

/** The portal's version, from package.json. */
export const VERSION: string = pkg.version;
