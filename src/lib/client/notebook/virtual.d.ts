/** URLs of the kernel's classic scripts, built by src/integrations/notebook/kernel-scripts.ts. */
declare module 'virtual:notebook-kernel' {
  export const hostUrl: string;
  export const runtimeUrl: string;
}
