// overdue-guard: starts the content side once its scripts (base.js … schedule.js) and one adapter
// are loaded. Injecting them twice is harmless: each keeps its first instance and start() runs once
// (a second start for the generic adapter just scans again).
(() => {
  const OG = globalThis.OverdueGuard;
  if (!OG) return;
  OG.start();
})();
