//! A network of `fiducia-node --chain local` verifier nodes on 127.0.0.1:
//! node `i` (from 1) has its own base path, ports and node key, and every
//! node knows the others as boot nodes. Nodes 1–4 run the `local` preset's
//! verifiers (`--alice` … `--dave`: their dev session keys in the keystore);
//! nodes added later run `--validator` with an empty keystore, as a new
//! operator's node does. Nodes can be killed (`SIGKILL` or `SIGTERM`) and
//! restarted on the same database, keys and ports. `scripts/network.sh`
//! starts the same network by hand.

use crate::{free_port, node_binary, spawn_node};
use anyhow::{bail, Context, Result};
use fiducia_client::Chain;
use serde_json::Value;
use std::{
    io::{Read, Write},
    net::TcpStream,
    path::PathBuf,
    process::{Child, Command},
    time::{Duration, Instant},
};

/// The `local` preset's verifiers, in node order (node 1 = Alice).
pub const GENESIS_VERIFIERS: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// How long nodes may take to start and finalize their first block.
const STARTUP: Duration = Duration::from_secs(180);

/// One node of a [`LocalNet`].
pub struct NetNode {
    /// Position in the network, from 1.
    pub index: usize,
    /// Its libp2p identity.
    pub peer_id: String,
    /// libp2p port.
    pub p2p_port: u16,
    /// WebSocket RPC port.
    pub rpc_port: u16,
    /// Prometheus port.
    pub prometheus_port: u16,
    base: PathBuf,
    key_args: Vec<String>,
    child: Option<Child>,
}

impl NetNode {
    /// WebSocket RPC endpoint.
    pub fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.rpc_port)
    }

    /// The multiaddress other nodes dial.
    pub fn address(&self) -> String {
        format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", self.p2p_port, self.peer_id)
    }

    /// Whether the process runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }

    /// The node's log (all its runs).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.base.join("node.log")).unwrap_or_default()
    }
}

/// A local verifier network; every node is killed when it is dropped.
pub struct LocalNet {
    dir: tempfile::TempDir,
    /// The nodes, node `i` at `nodes[i - 1]`.
    pub nodes: Vec<NetNode>,
}

/// The node key of node `i`: fixed, so peer ids stay the same across restarts.
fn node_key(index: usize) -> String {
    format!("{:064x}", 0xF1D0_0000_u64 + index as u64)
}

/// The libp2p peer id of node key `key` (`fiducia-node key inspect-node-key`).
fn peer_id(key_file: &std::path::Path) -> Result<String> {
    let out = Command::new(node_binary()?).args(["key", "inspect-node-key", "--file"]).arg(key_file).output()?;
    if !out.status.success() {
        bail!("inspect-node-key failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

impl LocalNet {
    /// Starts the `local` preset's four verifier nodes and waits until every
    /// node has finalized a block.
    pub async fn start() -> Result<LocalNet> {
        let mut net = LocalNet { dir: tempfile::tempdir()?, nodes: Vec::new() };
        for name in GENESIS_VERIFIERS {
            net.prepare(vec![format!("--{name}")])?;
        }
        for i in 1..=net.nodes.len() {
            net.launch(i)?;
        }
        for i in 1..=net.nodes.len() {
            net.wait_finalizing(i, STARTUP).await?;
        }
        Ok(net)
    }

    /// Adds a node running `--validator` with an empty keystore (a new
    /// operator's node) and starts it; returns its index. It syncs from the
    /// others (its boot nodes).
    pub async fn add_validator(&mut self) -> Result<usize> {
        let index = self.prepare(vec!["--validator".into(), format!("--name=node-{}", self.nodes.len() + 1)])?;
        self.launch(index)?;
        Ok(index)
    }

    fn prepare(&mut self, key_args: Vec<String>) -> Result<usize> {
        let index = self.nodes.len() + 1;
        let base = self.dir.path().join(format!("node-{index}"));
        std::fs::create_dir_all(&base)?;
        let key_file = base.join("node-key");
        std::fs::write(&key_file, node_key(index))?;
        let node = NetNode {
            index,
            peer_id: peer_id(&key_file)?,
            p2p_port: free_port()?,
            rpc_port: free_port()?,
            prometheus_port: free_port()?,
            base,
            key_args,
            child: None,
        };
        self.nodes.push(node);
        Ok(index)
    }

    fn launch(&mut self, index: usize) -> Result<()> {
        let boot: Vec<String> = self.nodes.iter().filter(|n| n.index != index).map(NetNode::address).collect();
        let node = &mut self.nodes[index - 1];
        let mut args: Vec<String> = ["--chain", "local", "--no-telemetry", "--no-mdns", "--allow-private-ip"]
            .iter()
            .map(|a| a.to_string())
            .collect();
        args.extend(node.key_args.iter().cloned());
        args.extend([
            "--node-key-file".into(),
            node.base.join("node-key").display().to_string(),
            "--port".into(),
            node.p2p_port.to_string(),
            "--rpc-port".into(),
            node.rpc_port.to_string(),
            "--prometheus-port".into(),
            node.prometheus_port.to_string(),
        ]);
        if !boot.is_empty() {
            args.push("--bootnodes".into());
            args.extend(boot);
        }
        let log = std::fs::OpenOptions::new().create(true).append(true).open(node.base.join("node.log"))?;
        node.child = Some(spawn_node(&args, &node.base, log)?);
        Ok(())
    }

    /// Node `i`.
    pub fn node(&mut self, index: usize) -> &mut NetNode {
        &mut self.nodes[index - 1]
    }

    /// A client connected to node `i`.
    pub async fn chain(&self, index: usize) -> Result<Chain> {
        Ok(Chain::connect(&self.nodes[index - 1].url()).await?)
    }

    /// Sends `signal` (`libc::SIGKILL`, `libc::SIGTERM`) to node `i` and
    /// waits for it to exit.
    pub fn kill(&mut self, index: usize, signal: i32) -> Result<()> {
        let node = &mut self.nodes[index - 1];
        let mut child = node.child.take().with_context(|| format!("node {index} is not running"))?;
        // SAFETY: plain kill(2) on our own child's pid.
        unsafe { libc::kill(child.id() as i32, signal) };
        child.wait()?;
        Ok(())
    }

    /// Starts node `i` again on its database, keys and ports.
    pub fn restart(&mut self, index: usize) -> Result<()> {
        if self.nodes[index - 1].is_running() {
            bail!("node {index} is still running");
        }
        self.launch(index)
    }

    /// Waits until node `i` answers and has finalized a block.
    pub async fn wait_finalizing(&mut self, index: usize, within: Duration) -> Result<()> {
        let deadline = Instant::now() + within;
        loop {
            let node = &mut self.nodes[index - 1];
            if !node.is_running() {
                bail!("node {index} exited; log:\n{}", tail(&node.log()));
            }
            if let Ok(heads) = heads(&node.url()).await {
                if heads.finalized > 0 {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!("node {index} did not finalize within {within:?}; log:\n{}", tail(&node.log()));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Node `i`'s Prometheus metrics (the text exposition format).
    pub fn metrics(&self, index: usize) -> Result<String> {
        let port = self.nodes[index - 1].prometheus_port;
        let mut stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        write!(stream, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")?;
        let mut body = String::new();
        stream.read_to_string(&mut body)?;
        Ok(body)
    }

    /// The value of metric `name` on node `i`, or 0 when the node does not
    /// report it yet.
    pub fn metric(&self, index: usize, name: &str) -> Result<f64> {
        Ok(sample(&self.metrics(index)?, name, "").unwrap_or(0.0))
    }

    /// The value of metric `name` whose labels contain `label` (e.g.
    /// `status="finalized"`) on node `i`, or 0 when not reported yet.
    pub fn metric_with(&self, index: usize, name: &str, label: &str) -> Result<f64> {
        Ok(sample(&self.metrics(index)?, name, label).unwrap_or(0.0))
    }
}

impl Drop for LocalNet {
    fn drop(&mut self) {
        for node in &mut self.nodes {
            if let Some(mut child) = node.child.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// The first sample of metric `name` (its name followed by labels or a
/// space) whose labels contain `label`, in Prometheus text `text`.
pub fn sample(text: &str, name: &str, label: &str) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with(name) && matches!(l.as_bytes().get(name.len()), Some(b' ' | b'{')))
        .find(|l| l.contains(label))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

fn tail(log: &str) -> String {
    let lines: Vec<_> = log.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

/// Best and finalized block numbers of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Heads {
    /// Best block number.
    pub best: u64,
    /// Finalized block number.
    pub finalized: u64,
}

/// A raw JSON-RPC request on `chain`'s connection.
pub async fn rpc(chain: &Chain, method: &str, params: Value) -> Result<Value> {
    let params = match params {
        Value::Array(items) => items,
        Value::Null => vec![],
        other => vec![other],
    };
    let mut rpc_params = subxt::rpcs::client::RpcParams::new();
    for p in params {
        rpc_params.push(p)?;
    }
    Ok(chain.rpc_client().request(method, rpc_params).await?)
}

fn number(header: &Value) -> Result<u64> {
    let text = header["number"].as_str().context("header without a number")?;
    Ok(u64::from_str_radix(text.trim_start_matches("0x"), 16)?)
}

/// Best and finalized block numbers of the node at `url`.
pub async fn heads(url: &str) -> Result<Heads> {
    let chain = Chain::connect(url).await?;
    heads_of(&chain).await
}

/// Best and finalized block numbers on `chain`'s node.
pub async fn heads_of(chain: &Chain) -> Result<Heads> {
    let best = number(&rpc(chain, "chain_getHeader", Value::Null).await?)?;
    let finalized_hash = rpc(chain, "chain_getFinalizedHead", Value::Null).await?;
    let finalized = number(&rpc(chain, "chain_getHeader", finalized_hash).await?)?;
    Ok(Heads { best, finalized })
}

/// The hash of block `number` in the node's chain (best chain, or
/// finalized if `number` is finalized), if it has one.
pub async fn block_hash(chain: &Chain, number: u64) -> Result<Option<String>> {
    let hash = rpc(chain, "chain_getBlockHash", Value::from(number)).await?;
    Ok(hash.as_str().map(str::to_string))
}
