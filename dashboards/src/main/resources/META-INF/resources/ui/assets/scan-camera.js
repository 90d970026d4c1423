// Scanning with the phone's camera: the browser's BarcodeDetector where it has one for these
// formats, else ZXing (shipped in the jar under vendor/zxing, loaded on first use). DataMatrix, QR,
// GS1-128 / Code 128. Each decoded text goes to the page like a keyboard-wedge scan.

const ZXING = '/ui/assets/vendor/zxing/zxing-library-0.21.3.min.js';
const FORMATS = ['data_matrix', 'qr_code', 'code_128'];
let zxingLoaded = null;

function loadZxing() {
  if (window.ZXing) return Promise.resolve(window.ZXing);
  if (!zxingLoaded) {
    zxingLoaded = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = ZXING;
      s.onload = () => resolve(window.ZXing);
      s.onerror = () => reject(new Error('the barcode decoder could not be loaded'));
      document.head.appendChild(s);
    });
  }
  return zxingLoaded;
}

async function nativeDetector() {
  if (!('BarcodeDetector' in window)) return null;
  try {
    const supported = await window.BarcodeDetector.getSupportedFormats();
    const formats = FORMATS.filter((f) => supported.includes(f));
    if (formats.length < FORMATS.length) return null;
    const detector = new window.BarcodeDetector({ formats });
    return async (video) => {
      const found = await detector.detect(video);
      return found.length ? { text: found[0].rawValue, format: found[0].format } : null;
    };
  } catch (e) {
    return null;
  }
}

async function zxingDetector() {
  const ZX = await loadZxing();
  const hints = new Map();
  hints.set(ZX.DecodeHintType.POSSIBLE_FORMATS, [
    ZX.BarcodeFormat.DATA_MATRIX, ZX.BarcodeFormat.QR_CODE, ZX.BarcodeFormat.CODE_128,
  ]);
  hints.set(ZX.DecodeHintType.TRY_HARDER, true);
  const reader = new ZX.MultiFormatReader();
  reader.setHints(hints);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    if (!video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    ctx.drawImage(video, 0, 0);
    try {
      const bitmap = new ZX.BinaryBitmap(
        new ZX.HybridBinarizer(new ZX.HTMLCanvasElementLuminanceSource(canvas)));
      const result = reader.decode(bitmap, hints);
      return { text: result.getText(), format: ZX.BarcodeFormat[result.getBarcodeFormat()] };
    } catch (e) {
      return null; // nothing readable in this frame
    } finally {
      reader.reset();
    }
  };
}

/**
 * Opens the camera in `container` and calls onCode(text, format) for each code read (a label kept
 * in view is read once). Answers a stop() function.
 */
export async function openCamera(container, onCode, onState = () => {}) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error('this browser gives no camera to pages (it needs HTTPS or localhost)');
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } }, audio: false,
  });
  const video = document.createElement('video');
  video.setAttribute('playsinline', '');
  video.muted = true;
  video.srcObject = stream;
  container.replaceChildren(video);
  await video.play();
  const detect = (await nativeDetector()) || (await zxingDetector());
  onState(window.ZXing && !('BarcodeDetector' in window) ? 'zxing' : 'ready');
  container.dataset.decoder = window.ZXing ? 'zxing' : 'native';
  let running = true;
  let last = { text: null, at: 0 };
  (async function loop() {
    while (running) {
      const found = await detect(video).catch(() => null);
      if (found) {
        // a label held in view is read once: again only after it was out of view for 3 s
        const fresh = found.text !== last.text || Date.now() - last.at > 3000;
        last = { text: found.text, at: Date.now() };
        if (fresh) onCode(found.text, found.format);
      }
      await new Promise((r) => setTimeout(r, found ? 400 : 120));
    }
  })();
  return () => {
    running = false;
    stream.getTracks().forEach((t) => t.stop());
    container.replaceChildren();
  };
}
