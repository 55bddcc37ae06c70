"""Builds real, tiny Argos Translate packages on this offline machine.

A package is what argospm installs: a zip (`.argosmodel`) holding one directory with
`metadata.json`, a SentencePiece model and a CTranslate2 model in `model/`. Here the SentencePiece
model is trained on a few sentences and the CTranslate2 Transformer is made from a spec with
random weights (seeded, so every package translates differently but deterministically). The
translations are nonsense; the loading and translation code that runs on them is argostranslate's.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np

SENTENCES = [
    "Hallo, hoe gaat het met je?",
    "Ik heb morgen een afspraak bij de gemeente.",
    "De les begint om negen uur.",
    "Hello, how are you?",
    "I have an appointment at the municipality tomorrow.",
    "The lesson starts at nine o'clock.",
    "مرحبا، كيف حالك؟",
    "لدي موعد في البلدية غدا.",
    "يبدأ الدرس في الساعة التاسعة.",
    "Привіт, як справи?",
    "Урок починається о дев'ятій.",
]
NAMES = {"nl": "Dutch", "en": "English", "ar": "Arabic", "uk": "Ukrainian", "ti": "Tigrinya"}
SPECIALS = ["<blank>", "<unk>", "<s>", "</s>"]
MODEL_DIM = 32
FFN_DIM = 64


def train_sentencepiece(sentences: list[str] = SENTENCES) -> bytes:
    """A small unigram SentencePiece model, trained in memory."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences * 3),
        model_writer=model,
        vocab_size=80,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    return model.getvalue()


def _vocabulary(sentencepiece_model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sentencepiece_model)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    return SPECIALS + [p for p in pieces if p not in SPECIALS]


def _shape(scope: str, vocab_size: int) -> tuple[int, ...]:
    """Shape of a Transformer variable from its place in the spec, e.g. decoder/layer_0/ffn/linear_1/bias."""
    parts = scope.split("/")
    leaf, parent = parts[-1], parts[-2]
    d = MODEL_DIM
    if parent.startswith("embeddings"):
        return (vocab_size, d)
    if parent == "projection":
        return (vocab_size, d) if leaf == "weight" else (vocab_size,)
    if parent == "layer_norm":
        return (d,)
    block = parts[-3]
    rows = {
        "self_attention": {"linear_0": 3 * d, "linear_1": d},
        "attention": {"linear_0": d, "linear_1": 2 * d, "linear_2": d},
        "ffn": {"linear_0": FFN_DIM, "linear_1": d},
    }[block][parent]
    cols = FFN_DIM if (block, parent) == ("ffn", "linear_1") else d
    return (rows, cols) if leaf == "weight" else (rows,)


def build_ctranslate2_model(output_dir: Path, vocabulary: list[str], seed: int) -> None:
    """A one-layer Transformer with generated weights, saved in the CTranslate2 format."""
    from ctranslate2.specs import model_spec, transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(1, 2)
    rng = np.random.default_rng(seed)

    def fill(layer: object, scope: str) -> None:
        for name, value in list(vars(layer).items()):
            if name.startswith("_"):
                continue
            here = f"{scope}/{name}" if scope else name
            if isinstance(value, list):
                for i, item in enumerate(value):
                    fill(item, f"{here}_{i}")
            elif isinstance(value, model_spec.LayerSpec):
                fill(value, here)
            elif value is None or (
                name == "bias" and isinstance(value, str) and value == model_spec.OPTIONAL
            ):
                shape = _shape(here, len(vocabulary))
                if name == "gamma":
                    array = np.ones(shape, dtype=np.float32)
                else:
                    array = (rng.standard_normal(shape) * (0.5 if name == "weight" else 0.1)).astype(
                        np.float32
                    )
                object.__setattr__(layer, name, array)  # specs are frozen against typos, not against us

    fill(spec, "")
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    output_dir.mkdir(parents=True)
    spec.save(str(output_dir))


def build_package(workdir: Path, src: str, dst: str, sentencepiece_model: bytes, seed: int) -> Path:
    """An `.argosmodel` file for src → dst, laid out as argospm packages are."""
    name = f"translate-{src}_{dst}-0_1"
    root = workdir / name
    root.mkdir(parents=True)
    (root / "metadata.json").write_text(
        json.dumps(
            {
                "package_version": "0.1",
                "argos_version": "1.9",
                "type": "translate",
                "from_code": src,
                "from_name": NAMES[src],
                "to_code": dst,
                "to_name": NAMES[dst],
            }
        )
    )
    (root / "sentencepiece.model").write_bytes(sentencepiece_model)
    (root / "README.md").write_text(f"Tiny test package {src}→{dst}: random weights, nonsense output.\n")
    build_ctranslate2_model(root / "model", _vocabulary(sentencepiece_model), seed)
    archive = workdir / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(root.rglob("*")):
            zf.write(path, path.relative_to(workdir).as_posix())
    return archive
