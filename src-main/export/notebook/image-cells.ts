import { BUNDLE_FILES } from '../../engine/artifacts/files';
import { CodedError } from '@shared/errors';
import { codeCell, markdownCell, type NotebookCell } from './nbformat';
import { mdCell, py, pyNum } from './py-literal';
import { UNESCAPE_CODE } from './csv-escape-code';

/** What the cells read from the image model.json (written by engine/image/train-images.ts). */
interface ImageModelFacts {
  labels: string[];
  height: number;
  width: number;
  preprocessing: string;
  validationAccuracy: number | null;
}

/** Checks what it reads: the model.json may come from an older app version. */
function factsOf(json: object): ImageModelFacts {
  const modelJson: { labels?: unknown; input?: unknown; metrics?: unknown } = json;
  const labels = modelJson.labels;
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === 'string')) {
    throw new CodedError(
      'invalid-input',
      'The image model.json has no class labels. Train the image model again, then export.',
    );
  }
  const input = (modelJson.input ?? {}) as { shape?: unknown[]; layout?: string; preprocessing?: string };
  const [, h, w, c] = input.shape ?? [];
  if (typeof h !== 'number' || typeof w !== 'number' || c !== 3 || (input.layout ?? 'NHWC') !== 'NHWC') {
    throw new CodedError(
      'invalid-input',
      'The image model.json does not describe an [N, height, width, 3] NHWC input. Train the image model again, then export.',
    );
  }
  const metrics = (modelJson.metrics ?? {}) as { validation?: { accuracy?: unknown } };
  const acc = metrics.validation?.accuracy;
  return {
    labels: labels as string[],
    height: h,
    width: w,
    preprocessing: input.preprocessing ?? '',
    validationAccuracy: typeof acc === 'number' && Number.isFinite(acc) ? acc : null,
  };
}

// Mirrors engine/image/ingest-images.ts listImageSet + engine/image/preprocess.ts decodeImage (sharp), in PIL.
const LOAD_CODE = `
import io
import os

import numpy as np
import pandas as pd

try:
    from PIL import Image, ImageOps
except ImportError:
    Image = None
try:
    from PIL import ImageCms
except ImportError:
    ImageCms = None


def list_images(folder):
    """(file, class) pairs as the app lists them: one subfolder per class (searched recursively), hidden names skipped.
    file is the path relative to the class folders' parent, with '/' separators, as in predictions.csv."""
    root = os.path.join(folder, 'images') if os.path.isdir(os.path.join(folder, 'images')) else folder
    classes = sorted(d for d in os.listdir(root) if not d.startswith('.') and os.path.isdir(os.path.join(root, d)))
    found = []
    for label in classes:
        for here, dirs, names in os.walk(os.path.join(root, label)):
            dirs[:] = sorted(d for d in dirs if not d.startswith('.'))
            for name in sorted(names):
                if not name.startswith('.') and os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS:
                    found.append((os.path.relpath(os.path.join(here, name), root).replace(os.sep, '/'), label))
    return root, classes, found


def load_image(path, size=IMAGE_SIZE):
    """One picture as the model input: float32 [height, width, 3], RGB, 0..255 (the graph scales it itself).
    Same steps as the app: first frame, EXIF orientation, transparency flattened onto white, sRGB,
    resize to cover the target and centre-crop."""
    height, width = size
    with Image.open(path) as im:
        im.seek(0)  # first frame of a GIF/WebP animation
        im = ImageOps.exif_transpose(im)
        icc = im.info.get('icc_profile')
        if im.mode in ('I', 'I;16', 'I;16B', 'I;16L'):
            im = im.convert('I').point(lambda v: v * (1 / 256)).convert('L')  # 16-bit grey: keep the top 8 bits
        if 'A' in im.getbands() or 'transparency' in im.info:
            im = im.convert('RGBA')
            im = Image.alpha_composite(Image.new('RGBA', im.size, (255, 255, 255, 255)), im).convert('RGB')
        elif im.mode not in ('RGB', 'CMYK'):
            im = im.convert('RGB')
        if icc and ImageCms is not None:
            try:  # embedded colour profile (CMYK, Adobe RGB, ...) to sRGB, as the app does
                im = ImageCms.profileToProfile(im, ImageCms.ImageCmsProfile(io.BytesIO(icc)), ImageCms.createProfile('sRGB'), outputMode='RGB')
            except Exception:
                pass
        im = im.convert('RGB')
        # Cover: scale so both sides reach the target, then cut the centre (sharp's fit 'cover', position 'centre').
        scale = max(width / im.width, height / im.height)
        rw, rh = max(width, round(im.width * scale)), max(height, round(im.height * scale))
        pixels = np.asarray(im, dtype=np.float32)
    if (rw, rh) != (pixels.shape[1], pixels.shape[0]):
        pixels = resize_like_app(pixels, rw, rh, scale)
    left, top = (rw - width + 1) // 2, (rh - height + 1) // 2
    return np.ascontiguousarray(pixels[top:top + height, left:left + width], dtype=np.float32)


def vips_bicubic_weights(n_out, n_in, scale):
    """libvips' bicubic (Catmull-Rom) enlarging as integer weights: sample positions on a 1/64 pixel grid,
    coefficients in 1/4096 units, edge pixels repeated (what the app's sharp/libvips computes for 8-bit pictures)."""
    x = np.arange(n_out) / scale - 0.5
    ix = np.floor(x).astype(np.int64)
    step = np.rint((x - ix) * 64).astype(np.int64)
    ix, f = ix + step // 64, (step % 64) / 64
    coef = np.stack([-0.5 * f + f ** 2 - 0.5 * f ** 3, 1 - 2.5 * f ** 2 + 1.5 * f ** 3,
                     0.5 * f + 2 * f ** 2 - 1.5 * f ** 3, -0.5 * f ** 2 + 0.5 * f ** 3], axis=1)
    coef = np.rint(coef * 4096).astype(np.int64)
    weights = np.zeros((n_out, n_in), dtype=np.int64)
    for k in range(4):
        np.add.at(weights, (np.arange(n_out), np.clip(ix + k - 1, 0, n_in - 1)), coef[:, k])
    return weights


def resize_like_app(pixels, rw, rh, scale):
    """Resizes an RGB array [h, w, 3] to [rh, rw, 3] as the app's libvips does. Enlarging: bicubic in integer
    arithmetic, rows first, each pass rounded (bit-identical on the app's sample pictures). Shrinking: Lanczos-3
    in floating point, rounded to whole 0..255 values at the end (within a grey level or two of libvips)."""
    if scale > 1:
        wx = vips_bicubic_weights(rw, pixels.shape[1], scale)
        wy = vips_bicubic_weights(rh, pixels.shape[0], scale)
        rows = (np.einsum('ijc,xj->ixc', pixels.astype(np.int64), wx) + 2048) >> 12
        return np.clip((np.einsum('yi,ixc->yxc', wy, rows) + 2048) >> 12, 0, 255).astype(np.float32)
    planes = [np.asarray(Image.fromarray(np.ascontiguousarray(pixels[..., c]), 'F').resize((rw, rh), LANCZOS)) for c in range(3)]
    return np.clip(np.floor(np.stack(planes, axis=2) + 0.5), 0, 255)


if Image is not None:
    LANCZOS = getattr(Image, 'Resampling', Image).LANCZOS
images = []
if Image is None:
    print('Pillow is not installed, so the images cannot be read. Install it (pip install pillow) and run this cell again.')
elif not os.path.isdir(IMAGES_DIR):
    print(f'No folder {os.path.abspath(IMAGES_DIR)}. Set IMAGES_DIR above to your folder of class subfolders.')
else:
    IMAGES_ROOT, folder_classes, images = list_images(IMAGES_DIR)
    print(f'Found {len(images)} images in {len(folder_classes)} classes under {os.path.abspath(IMAGES_ROOT)}')
    counts = pd.Series([label for _, label in images], dtype=object).value_counts().reindex(folder_classes, fill_value=0)
    print(counts.to_string())
    unknown = [c for c in folder_classes if c not in LABELS]
    if unknown:
        print(f'Classes the model does not know (their images can only be misclassified): {unknown}')
    if images:
        first = load_image(os.path.join(IMAGES_ROOT, images[0][0]))
        print(f'First image as model input: {first.shape} {first.dtype}, values {first.min():.0f}..{first.max():.0f}')
`;

const SCORE_CODE = `
onnx_path = os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.onnx}')
try:
    import onnxruntime as ort
except ImportError:
    ort = None

scored = None  # one row per image: file, actual (folder name), prediction, proba_<class>...
if not images:
    print('No images were loaded (see the cell above), so model.onnx was not run.')
elif ort is None:
    print('onnxruntime is not installed, so model.onnx was not scored. Install it (pip install onnxruntime) and run this cell again.')
elif not os.path.exists(onnx_path):
    print(f'No model.onnx in {os.path.abspath(BUNDLE_DIR)}. Set BUNDLE_DIR above to the unzipped bundle folder.')
else:
    session = ort.InferenceSession(onnx_path, providers=['CPUExecutionProvider'])
    predictions, probabilities = [], []
    for start in range(0, len(images), BATCH_SIZE):
        chunk = images[start:start + BATCH_SIZE]
        batch = np.stack([load_image(os.path.join(IMAGES_ROOT, f)) for f, _ in chunk])
        pred, proba = session.run(['prediction', 'probabilities'], {'image': batch})
        predictions += [p.decode() if isinstance(p, bytes) else str(p) for p in pred]
        probabilities.append(np.asarray(proba, dtype=np.float64))
    scored = pd.concat([
        pd.DataFrame({'file': [f for f, _ in images], 'actual': [c for _, c in images], 'prediction': predictions}),
        pd.DataFrame(np.concatenate(probabilities), columns=[f'proba_{c}' for c in LABELS]),
    ], axis=1)
    print(f'Scored {len(scored)} images with model.onnx.')
`;

const METRICS_CODE = `
def confusion(actual, predicted):
    """Confusion matrix as a table: rows are the true classes (folder names), columns the predicted ones."""
    order = list(LABELS) + sorted(set(actual) - set(LABELS))
    table = pd.crosstab(pd.Series(list(actual), name='actual'), pd.Series(list(predicted), name='predicted'))
    return table.reindex(index=[c for c in order if c in set(actual)], columns=order, fill_value=0)


if scored is None:
    print('model.onnx was not run (see the cell above), so there is no accuracy to show here.')
else:
    accuracy = float((scored['prediction'] == scored['actual']).mean())
    print(f'model.onnx accuracy on all {len(scored)} images in {IMAGES_DIR}: {accuracy:.4f}')
    if APP_VALIDATION_ACCURACY is not None:
        print(f'(the app measured {APP_VALIDATION_ACCURACY:.4f} on its validation images; a folder that includes '
              'the training images scores higher than that)')
    print(confusion(scored['actual'], scored['prediction']).to_string())
`;

const COMPARE_CODE = `${UNESCAPE_CODE}
holdout_path = os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.predictions}')
if not os.path.exists(holdout_path):
    print(f'No ${BUNDLE_FILES.predictions} in {os.path.abspath(BUNDLE_DIR)} to compare with.')
else:
    # Labels stay text (a class called "NA" or "1" is a name, not a number).
    app = unescape_cells(pd.read_csv(holdout_path, dtype={'file': str, 'actual': str, 'prediction': str}, keep_default_na=False))
    app['file'] = app['file'].str.replace('\\\\', '/', regex=False)  # written on Windows: back-slashes
    app_accuracy = float((app['actual'] == app['prediction']).mean())
    print(f"The app's validation predictions: {len(app)} images, accuracy {app_accuracy:.4f}")
    print(confusion(app['actual'], app['prediction']).to_string())
    if scored is not None:
        both = app.merge(scored, on='file', suffixes=('_app', '_onnx'))
        if both.empty:
            print('None of the app\\'s validation files is in IMAGES_DIR: point it at the folder the app was trained on.')
        else:
            agree = float((both['prediction_app'] == both['prediction_onnx']).mean())
            onnx_accuracy = float((both['prediction_onnx'] == both['actual_onnx']).mean())
            columns = [f'proba_{c}' for c in LABELS if f'proba_{c}_app' in both.columns]
            diff = np.abs(both[[f'{c}_app' for c in columns]].to_numpy(dtype=float) - both[[f'{c}_onnx' for c in columns]].to_numpy(dtype=float))
            print(f'{len(both)} of them found in IMAGES_DIR: model.onnx accuracy {onnx_accuracy:.4f}, '
                  f'same label as the app for {agree:.2%}, max |probability difference| {diff.max():.3g}')
`;

/**
 * Notebook cells for an image classifier's bundle: set IMAGES_DIR (a folder of class subfolders), load the pictures
 * with Pillow the way the app preprocesses them, score model.onnx with onnxruntime (a printed note and nothing else
 * when onnxruntime, Pillow or the files are missing), accuracy and a confusion matrix against the folder names, and
 * a comparison with the app's predictions.csv. Self-contained (own imports): append to any notebook.
 * `modelJson` is the image model.json (labels, input shape/layout/preprocessing, metrics.validation).
 */
export function imageNotebookCells(modelJson: object): NotebookCell[] {
  const f = factsOf(modelJson);
  const acc = f.validationAccuracy === null ? 'None' : pyNum(f.validationAccuracy);
  return [
    markdownCell(`
## Check the image classifier on your pictures

\`model.onnx\` holds the whole classifier in one graph: a frozen MobileNetV2 backbone and the head the app trained.
It takes \`image\`, float32 \`[N, ${f.height}, ${f.width}, 3]\` (RGB pixel values 0–255, channels last; the graph scales
them itself) and returns \`prediction\` (class names) and \`probabilities\` (\`[N, ${f.labels.length}]\`, in the order of \`LABELS\`).

The next cells:

1. list the pictures in \`IMAGES_DIR\` (one subfolder per class, as you gave them to the app; the images are not in
   the bundle, so put the folder beside this notebook or point \`IMAGES_DIR\` at it);
2. read each picture with Pillow the way the app does: ${mdCell(f.preprocessing || 'EXIF orientation, RGB, resize to cover and centre-crop')};
3. run \`model.onnx\` with [onnxruntime](https://onnxruntime.ai) (\`pip install onnxruntime\`);
4. print the accuracy and a confusion matrix against the folder names;
5. compare with the app's own validation predictions (\`predictions.csv\` in the bundle).

Each step prints a note and does nothing else when Pillow, onnxruntime, the folder or a bundle file is missing.
Enlarging small pictures reproduces the app's arithmetic (libvips bicubic, in integers): the app's sample pictures
come out bit-identical. Shrinking uses Pillow's Lanczos filter, within a grey level or two of the app's, and Pillow's
JPEG decoder differs from the app's by about one grey level on average. So on large or JPEG pictures probabilities can
differ from the app's in the second or third decimal; labels almost always agree.
`),
    codeCell(`
# The folder of class subfolders (e.g. images/cat/*.jpg, images/dog/*.jpg). By default beside this notebook.
IMAGES_DIR = 'images'
BUNDLE_DIR = '.'  # the folder holding model.onnx and predictions.csv from the exported zip

LABELS = ${py(f.labels)}  # class names in the model's output order
IMAGE_SIZE = (${f.height}, ${f.width})  # (height, width) of the model input
APP_VALIDATION_ACCURACY = ${acc}
IMAGE_EXTENSIONS = {'.jpg', '.jpeg', '.png', '.webp', '.gif', '.bmp', '.tif', '.tiff', '.avif'}
BATCH_SIZE = 32  # pictures per onnxruntime call (each is ${((f.height * f.width * 3 * 4) / 1024).toFixed(0)} KB as float32)
`),
    codeCell(LOAD_CODE),
    markdownCell(`
### Score model.onnx

Pictures are read in batches of \`BATCH_SIZE\` and fed to the graph's \`image\` input. Needs onnxruntime
(\`pip install onnxruntime\`); without it this cell only says so.
`),
    codeCell(SCORE_CODE),
    markdownCell(
      '### Accuracy and confusion matrix\n\nRows are the true classes (the folder names), columns what model.onnx predicted.',
    ),
    codeCell(METRICS_CODE),
    markdownCell(`
### Compare with the app

\`predictions.csv\` holds the app's predictions for the validation pictures it held out while training
(\`file,actual,prediction,proba_<class>...\`). Its accuracy is the app's own figure; when model.onnx ran above,
the same files are matched by path and the two sets of predictions compared.
`),
    codeCell(COMPARE_CODE),
  ];
}
