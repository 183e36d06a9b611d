#!/usr/bin/env bash
# `make run`: every step of a first start, announced with its elapsed time, then the server.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
BIN=$VENV/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
t0=$(date +%s)
step() { printf '\n[%4ss] %s\n' "$(( $(date +%s) - t0 ))" "$1"; }

step "1/5 安装 Python 依赖到 $VENV"
if [ ! -f "$VENV/.installed" ] || [ pyproject.toml -nt "$VENV/.installed" ] \
   || [ constraints.txt -nt "$VENV/.installed" ]; then
  test -x "$BIN/python" || python3 -m venv "$VENV"
  "$BIN/pip" install -qq --upgrade pip
  "$BIN/pip" install -qq -c constraints.txt -e .
  touch "$VENV/.installed"
  echo "  已安装 zhichan 及其依赖"
else
  echo "  已是最新，跳过"
fi

step "2/5 检查系统软件包（音频指纹 fpcalc、PDF 用的 Pango 与中文字体）"
./scripts/system-deps.sh runtime
echo "  齐全"

step "3/5 创建或升级数据库"
mkdir -p var
"$BIN/zhichan" db upgrade

step "4/5 加载演示数据（真实专利、法规、演示业务数据）并建好检索索引与语义向量"
"$BIN/zhichan" demo load

step "5/5 启动 Web 服务"
echo "  准备用时 $(( $(date +%s) - t0 )) 秒"
exec "$BIN/zhichan" serve --host "$HOST" --port "$PORT"
