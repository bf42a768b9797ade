// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// Self-contained constant-product pool (Uniswap-v2 style x*y=k with a 0.3% fee) for the parevm
/// workloads. Traders hold internal balances of the two assets; no external token calls.
/// Storage layout (the generator writes it directly):
///   slot 0: uint256 reserve0
///   slot 1: uint256 reserve1
///   slot 2: mapping(address => uint256) balance0   -> keccak256(pad32(trader) . pad32(2))
///   slot 3: mapping(address => uint256) balance1   -> keccak256(pad32(trader) . pad32(3))
contract Pool {
    uint256 public reserve0;
    uint256 public reserve1;
    mapping(address => uint256) public balance0;
    mapping(address => uint256) public balance1;

    event Swap(address indexed trader, bool zeroForOne, uint256 amountIn, uint256 amountOut);

    /// Sells `amountIn` of asset 0 for asset 1 (zeroForOne) or the reverse, from and to the caller's
    /// internal balances; reserves move by +amountIn / -amountOut.
    function swap(uint256 amountIn, bool zeroForOne) external returns (uint256 amountOut) {
        require(amountIn > 0, "amountIn");
        (uint256 reserveIn, uint256 reserveOut) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0);
        uint256 inWithFee = amountIn * 997;
        amountOut = (inWithFee * reserveOut) / (reserveIn * 1000 + inWithFee);
        require(amountOut > 0 && amountOut < reserveOut, "liquidity");
        if (zeroForOne) {
            balance0[msg.sender] -= amountIn;
            balance1[msg.sender] += amountOut;
            reserve0 = reserveIn + amountIn;
            reserve1 = reserveOut - amountOut;
        } else {
            balance1[msg.sender] -= amountIn;
            balance0[msg.sender] += amountOut;
            reserve1 = reserveIn + amountIn;
            reserve0 = reserveOut - amountOut;
        }
        emit Swap(msg.sender, zeroForOne, amountIn, amountOut);
    }
}
