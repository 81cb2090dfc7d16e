// Side-effect CSS imports in the apps' root layouts (Next handles them; tsc only needs to know they exist).
declare module '*.css';
