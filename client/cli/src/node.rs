//! `fiducia node-info`: the chain, node and runtime an endpoint serves.

use crate::Context;
use anyhow::Result;

/// Prints the node's facts.
pub async fn run(cx: &Context) -> Result<()> {
    let info = cx.chain().await?.node_info().await?;
    cx.out.show(&info, |i| {
        format!(
            "chain {}\nnode {} {}\nruntime {}\ngenesis {}\nfinalized #{}\npeers {}",
            i.chain, i.node_name, i.node_version, i.runtime, i.genesis_hash, i.finalized_block, i.peers
        )
    })
}
