// Types for cli-bundle.mjs, which stays plain JavaScript so bin/agentmesh.mjs needs no loader.
export declare const cliEntry: string;
export declare const cliBundle: string;
export declare function bundleIsFresh(): boolean;
