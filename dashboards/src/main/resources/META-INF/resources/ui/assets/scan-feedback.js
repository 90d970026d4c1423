// Sound and vibration for the handheld pages: WebAudio tones (no audio files) and navigator.vibrate.

let audio = null;

function context() {
  if (!audio) {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return null;
    audio = new Ctx();
  }
  if (audio.state === 'suspended') audio.resume().catch(() => {});
  return audio;
}

function tones(list, type = 'square') {
  const ctx = context();
  if (!ctx) return;
  let t = ctx.currentTime + 0.01;
  for (const [freq, ms, gap = 40] of list) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = type;
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.25, t);
    gain.gain.exponentialRampToValueAtTime(0.001, t + ms / 1000);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + ms / 1000);
    t += (ms + gap) / 1000;
  }
}

function vibrate(pattern) {
  if (navigator.vibrate) navigator.vibrate(pattern);
}

/** The page records the last feedback given, so a person (and a test) can see what sounded. */
function mark(kind) {
  document.body.dataset.feedback = kind;
  document.body.dataset.feedbackCount = String(Number(document.body.dataset.feedbackCount || 0) + 1);
}

export function ok() {
  mark('ok');
  tones([[1760, 70]], 'sine');
  vibrate(60);
}

export function queued() {
  mark('queued');
  tones([[1200, 60], [1200, 60]], 'sine');
  vibrate([40, 60, 40]);
}

export function fail() {
  mark('fail');
  tones([[220, 220], [180, 300]]);
  vibrate([200, 100, 200]);
}

/** A stolen or lost unit: loud, long, impossible to miss. */
export function alarm() {
  mark('alarm');
  const siren = [];
  for (let i = 0; i < 6; i++) siren.push([1400, 180, 10], [700, 180, 10]);
  tones(siren, 'sawtooth');
  vibrate([500, 150, 500, 150, 500, 150, 500]);
}

/** Browsers start audio only after a gesture: the first tap or key on the page unlocks it. */
export function unlockOnFirstGesture() {
  const unlock = () => {
    context();
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
}
