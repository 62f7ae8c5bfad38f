//! The walking skeleton end to end: a fresh dev node, the lending contract
//! deployed through the client, an application, and everything read back.

use fiducia_client::{
    lending::{Lending, LoanApplied},
    signer_from_uri, account_of, Error, Wait,
};
use fiducia_core::lending::{ApplicationError, LendingError, LoanStatus};
use fiducia_e2e::{bundle, DevNode};

#[tokio::test(flavor = "multi_thread")]
async fn deploy_apply_and_read_back() -> anyhow::Result<()> {
    let node = DevNode::start().await?;
    let chain = node.chain().await?;
    let alice = signer_from_uri("//Alice")?;
    let bob = signer_from_uri("//Bob")?;

    let lending = Lending::deploy(&chain, bundle("lending")?, None, &alice, Wait::Finalized).await?;
    assert_eq!(lending.loan_count().await?, 0);

    let amount = 5_000 * 1_000_000_000_000u128;
    let applied = lending.apply(amount, 24, [7; 32], &bob, Wait::Finalized).await?;
    assert_eq!(
        applied.event,
        LoanApplied { id: 0, borrower: account_of(&bob), amount, term_months: 24 }
    );

    let loan = lending.loan(0).await?.expect("the loan was stored");
    assert_eq!(loan.borrower, account_of(&bob));
    assert_eq!((loan.amount, loan.term_months, loan.commitment), (amount, 24, [7; 32]));
    assert_eq!(loan.status, LoanStatus::PendingApproval);
    assert!(loan.applied_at > 0, "the block timestamp was recorded");

    let second = lending.apply(amount / 2, 12, [8; 32], &alice, Wait::Finalized).await?;
    assert_eq!(second.event.id, 1);
    let page = lending.loans(0, 10).await?;
    assert_eq!(page.iter().map(|l| l.id).collect::<Vec<_>>(), vec![0, 1]);
    assert_eq!(lending.loans(1, 1).await?.len(), 1);

    // A bad application is refused by the dry-run with the contract's typed
    // error: nothing is signed and nothing changes.
    let refused = lending.apply(1, 24, [7; 32], &bob, Wait::Finalized).await;
    assert!(
        matches!(refused, Err(Error::Lending(LendingError::Application(ApplicationError::AmountTooSmall)))),
        "got {refused:?}"
    );
    assert_eq!(lending.loan_count().await?, 2);
    assert_eq!(lending.loan(2).await?, None);
    Ok(())
}

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
