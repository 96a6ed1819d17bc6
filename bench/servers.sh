# Storage servers of the benchmark as processes on loopback, sourced by bench/run.sh.
# Every server gets a NAME (also its rclone remote and its ferry profile); start_* fill
# PORT[NAME], PID[NAME] and KIND[NAME]. Expects $work, $s3proxy_jar and bench/processes.sh
# (the pids array, fail, free_port).

declare -A PORT PID KIND TARGET
# Credentials of this run only; they reach ferry and rclone through the environment.
export BENCH_ACCESS_KEY=bench
BENCH_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
export BENCH_SECRET_KEY
# Azurite's development account, as its documentation publishes it (not a secret).
AZURITE_ACCOUNT=devstoreaccount1
export BENCH_AZURE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

# Records a started server and waits until its port accepts connections.
started() { # NAME KIND PORT PID LOG
  local name=$1 kind=$2 port=$3 pid=$4 log=$5
  PORT[$name]=$port PID[$name]=$pid KIND[$name]=$kind
  pids+=("$pid")
  for _ in $(seq 1 240); do
    kill -0 "$pid" 2>/dev/null || fail "$kind $name exited: see $log"
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.25
  done
  fail "$kind $name did not start: see $log"
}

start_s3proxy() { # NAME
  local name=$1 dir=$work/$1 port; port=$(free_port)
  mkdir -p "$dir/blobs"
  cat > "$dir/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$BENCH_ACCESS_KEY
s3proxy.credential=$BENCH_SECRET_KEY
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$dir/blobs
jclouds.identity=$BENCH_ACCESS_KEY
jclouds.credential=$BENCH_SECRET_KEY
jclouds.regions=us-east-1
PROPS
  java -Xmx1g -jar "$s3proxy_jar" --properties "$dir/s3proxy.properties" > "$dir/server.log" 2>&1 &
  started "$name" s3proxy "$port" $! "$dir/server.log"
}

start_versitygw() { # NAME
  local name=$1 dir=$work/$1 port; port=$(free_port)
  mkdir -p "$dir/root" "$dir/sidecar"
  local sidecar=()
  # posix keeps metadata in user extended attributes; where there are none, in a sidecar tree.
  python3 -c "import os,sys; open(sys.argv[1],'w').close(); os.setxattr(sys.argv[1],'user.p',b'1')" \
    "$dir/probe" 2>/dev/null || sidecar=(--sidecar "$dir/sidecar")
  rm -f "$dir/probe"
  versitygw --access "$BENCH_ACCESS_KEY" --secret "$BENCH_SECRET_KEY" --region us-east-1 \
    --port "127.0.0.1:$port" posix "${sidecar[@]}" "$dir/root" > "$dir/server.log" 2>&1 &
  started "$name" versitygw "$port" $! "$dir/server.log"
}

start_azurite() { # NAME
  local name=$1 dir=$work/$1 port; port=$(free_port)
  mkdir -p "$dir/data"
  azurite-blob --blobHost 127.0.0.1 --blobPort "$port" --location "$dir/data" --loose \
    --skipApiVersionCheck --disableTelemetry > "$dir/server.log" 2>&1 &
  started "$name" azurite "$port" $! "$dir/server.log"
}

start_fakegcs() { # NAME
  local name=$1 dir=$work/$1 port; port=$(free_port)
  mkdir -p "$dir"
  fake-gcs-server -scheme http -host 127.0.0.1 -port "$port" -backend memory \
    -public-host "127.0.0.1:$port" -external-url "http://127.0.0.1:$port" -log-level warn \
    > "$dir/server.log" 2>&1 &
  started "$name" fakegcs "$port" $! "$dir/server.log"
}

# A latency-injecting proxy (bench/Proxy.java) named NAME in front of server TARGET_NAME.
start_proxy() { # NAME TARGET_NAME DELAY_MS
  local name=$1 target=$2 delay=$3 port; port=$(free_port)
  mkdir -p "$work/$name"
  java -Xmx256m -XX:+UseSerialGC -cp "$work/proxy-classes" Proxy "$port" \
    "127.0.0.1:${PORT[$target]}" "$delay" > "$work/$name/proxy.log" 2>&1 &
  TARGET[$name]=$target
  started "$name" "proxy" "$port" $! "$work/$name/proxy.log"
}

# The kind of storage behind NAME, seeing through a proxy.
kind_of() { if [ "${KIND[$1]}" = proxy ]; then kind_of "${TARGET[$1]}"; else echo "${KIND[$1]}"; fi; }
# The server behind NAME, seeing through a proxy.
base_of() { if [ "${KIND[$1]}" = proxy ]; then base_of "${TARGET[$1]}"; else echo "$1"; fi; }
# The address of NAME.
url_of() { echo "http://127.0.0.1:${PORT[$1]}"; }
# The processes that serve NAME: the server, and the proxy in front of it if any.
pids_of() { echo "${PID[$1]}"; [ "${KIND[$1]}" = proxy ] && pids_of "${TARGET[$1]}"; return 0; }

# rclone's remote NAME: configured through the environment.
rclone_remote() { # NAME
  local name=$1 up url; up=$(echo "$1" | tr a-z A-Z); url=$(url_of "$1")
  case $(kind_of "$name") in
    s3proxy|versitygw)
      export "RCLONE_CONFIG_${up}_TYPE=s3" "RCLONE_CONFIG_${up}_PROVIDER=Other" \
        "RCLONE_CONFIG_${up}_ENDPOINT=$url" "RCLONE_CONFIG_${up}_REGION=us-east-1" \
        "RCLONE_CONFIG_${up}_ACCESS_KEY_ID=$BENCH_ACCESS_KEY" \
        "RCLONE_CONFIG_${up}_SECRET_ACCESS_KEY=$BENCH_SECRET_KEY" ;;
    azurite)
      export "RCLONE_CONFIG_${up}_TYPE=azureblob" "RCLONE_CONFIG_${up}_ACCOUNT=$AZURITE_ACCOUNT" \
        "RCLONE_CONFIG_${up}_KEY=$BENCH_AZURE_KEY" \
        "RCLONE_CONFIG_${up}_ENDPOINT=$url/$AZURITE_ACCOUNT" ;;
    fakegcs)
      # rclone's gcs: `endpoint` is the JSON API's base (uploads go to /upload/storage/v1 on
      # the same host), `anonymous` sends no credentials; creating a bucket needs a project.
      export "RCLONE_CONFIG_${up}_TYPE=gcs" "RCLONE_CONFIG_${up}_ANONYMOUS=true" \
        "RCLONE_CONFIG_${up}_ENDPOINT=$url/storage/v1/" \
        "RCLONE_CONFIG_${up}_PROJECT_NUMBER=bench" ;;
  esac
}

# ferry's profile NAME, one line of ferry.yaml: default options, as a user writes them.
ferry_profile() { # NAME
  local name=$1 url; url=$(url_of "$1")
  case $(kind_of "$name") in
    s3proxy|versitygw)
      echo "  $name: { type: s3, endpoint: \"$url\", region: us-east-1, accessKey: \"\${BENCH_ACCESS_KEY}\", secretKey: \"\${BENCH_SECRET_KEY}\" }" ;;
    azurite)
      echo "  $name: { type: azure, account: $AZURITE_ACCOUNT, key: \"\${BENCH_AZURE_KEY}\", endpoint: \"$url/$AZURITE_ACCOUNT\" }" ;;
    fakegcs)
      echo "  $name: { type: gcs, endpoint: \"$url\" }" ;;
  esac
}

# Deletes bucket BUCKET of server NAME after a run: from disk where the server keeps buckets
# as directories (fast, and the server need not list 10,000 keys), else through rclone.
drop_bucket() { # NAME BUCKET
  local name=$1 bucket=$2
  [ "${KIND[$name]}" = proxy ] && { drop_bucket "${TARGET[$name]}" "$bucket"; return; }
  case ${KIND[$name]} in
    s3proxy) rm -rf "${work:?}/$name/blobs/$bucket" ;;
    versitygw) rm -rf "${work:?}/$name/root/$bucket" "${work:?}/$name/sidecar/$bucket" ;;
    *) rclone_ purge --checkers 32 "$name:$bucket" ;;
  esac
}
