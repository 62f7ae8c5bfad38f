//! The node itself: a fresh dev chain finalizes and serves the runtime the
//! client was generated from.

use fiducia_e2e::DevNode;

#[tokio::test(flavor = "multi_thread")]
async fn node_reports_a_finalizing_fiducia_chain() -> anyhow::Result<()> {
    let node = DevNode::start().await?;
    let chain = node.chain().await?;
    assert!(
        fiducia_client::runtime::is_codegen_valid_for(chain.metadata()),
        "the client's generated API does not match the node's runtime"
    );
    let info = chain.node_info().await?;
    assert_eq!(info.chain, "Fiducia Development");
    assert!(info.runtime.starts_with("fiducia/"), "{}", info.runtime);
    assert!(info.finalized_block > 0);
    Ok(())
}
