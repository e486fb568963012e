#!/bin/sh
# What the container sees, one fact a line: user, cwd, env, then files with owner, mode and content.
echo "user $(id -u):$(id -g) cwd $(pwd)"
echo "env $GREETING $STAGE_ARG $FROM_BUILD_ARG"
for f in /app.conf /conf/app.conf /inline.txt /by-index.txt /fetched.txt /unpacked/inside.txt \
    /ctx/keep.txt /home/app/kept.txt /home/app/bound.txt /home/app/cache.txt /home/app/tmpfs.txt \
    /home/app/secret.txt /home/app/exec.txt /home/app/network.txt /home/app/heredoc.txt /onbuild.txt; do
  echo "$f $(stat -c '%u:%g %a' "$f") $(cat "$f")"
done
echo conf $(ls /conf)
echo ctx $(ls /ctx)
