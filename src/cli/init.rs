//! `keysplit init`.

use crate::cli::safe;
use keysplit::Error;
use keysplit::commands::init;
use std::path::PathBuf;

const EXAMPLES: &str = "Examples:
  keysplit init my_accounts
  keysplit validate my_accounts.toml
  keysplit init --from-book scenarios/book_accounts.csv from_crm
  keysplit init --from-book accounts.xlsx --sheet Accounts from_workbook";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The scenario file to write (.toml is added when missing; default
    /// scenario.toml). An existing file is never overwritten.
    name: Option<String>,
    /// Build the starter from an account book (a CRM export, .csv or
    /// .xlsx): its accounts, its product columns as products, splits
    /// for its tiers. The book is read as `[book]` reads it; a book with
    /// problems writes nothing and lists them all.
    #[arg(long, value_name = "FILE")]
    from_book: Option<PathBuf>,
    /// The workbook's sheet to read (.xlsx only; default: the first).
    #[arg(long, value_name = "NAME", requires = "from_book")]
    sheet: Option<String>,
}

pub fn run(a: Args) -> Result<(), Error> {
    let file = init::file_for(a.name.as_deref());
    let Some(book) = &a.from_book else {
        init::write_new(&file, &init::starter(&file))?;
        println!(
            "Wrote {}: a starter scenario that runs as written. Replace every number marked \"check this\" with your own, then: keysplit validate {}",
            file.display(),
            file.display()
        );
        return Ok(());
    };
    let built = init::from_book(&file, book, a.sheet.as_deref())?;
    init::write_new(&file, &built.text)?;
    for w in &built.warnings {
        eprintln!("{}", safe(&w.to_string()));
    }
    let said = format!(
        "Wrote {}: a starter scenario for the {} accounts of {} ({} products: {}). Replace every number marked \"check this\" with your own, then: keysplit validate {}",
        file.display(),
        built.accounts,
        built.book_file,
        built.products.len(),
        built.products.join(", "),
        file.display()
    );
    println!("{}", safe(&said));
    Ok(())
}
